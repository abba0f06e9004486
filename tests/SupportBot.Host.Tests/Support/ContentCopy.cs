namespace SupportBot.Host.Tests.Support;

/// <summary>A copy of the repository's content tree in a temp folder, to break on purpose. Deleted on dispose.</summary>
internal sealed class ContentCopy : IDisposable
{
    private readonly TempDirectory temp = new();

    public ContentCopy()
    {
        Root = Path.Combine(temp.Path, "content");
        Copy(new DirectoryInfo(Repository.ContentPath), Root);
    }

    /// <summary>The copied content folder, for <c>validate-content --path</c> or <c>Content:Path</c>.</summary>
    public string Root { get; }

    /// <summary>
    /// Replaces the one occurrence of <paramref name="oldText"/> in <paramref name="file"/> (relative to content/) and
    /// returns the 1-based line where <paramref name="marker"/> now is (by default the line where the new text starts).
    /// </summary>
    public int Replace(string file, string oldText, string newText, string? marker = null)
    {
        var path = Path.Combine(Root, file);
        var text = File.ReadAllText(path);
        var at = text.IndexOf(oldText, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{oldText}' not found in content/{file}");
        Assert.True(text.IndexOf(oldText, at + 1, StringComparison.Ordinal) < 0, $"'{oldText}' occurs more than once in content/{file}");
        File.WriteAllText(path, string.Concat(text.AsSpan(0, at), newText, text.AsSpan(at + oldText.Length)));
        return marker is null ? text.AsSpan(0, at).Count('\n') + 1 : LineOf(file, marker);
    }

    /// <summary>The 1-based line of the one line of <paramref name="file"/> that contains <paramref name="text"/>.</summary>
    public int LineOf(string file, string text)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, file));
        var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(text, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"expected one line containing '{text}' in content/{file}, found {matches.Count}");
        return matches[0] + 1;
    }

    public void Dispose() => temp.Dispose();

    private static void Copy(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.GetFiles())
        {
            file.CopyTo(Path.Combine(target, file.Name));
        }

        foreach (var folder in source.GetDirectories())
        {
            Copy(folder, Path.Combine(target, folder.Name));
        }
    }
}
