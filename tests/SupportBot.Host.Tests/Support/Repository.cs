namespace SupportBot.Host.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository's root folder (where <c>SupportBot.sln</c> is).</summary>
    public static string Root => RootPath.Value;

    /// <summary>The repository's own <c>content/</c> tree (not the copy next to the binary).</summary>
    public static string ContentPath => Path.Combine(RootPath.Value, "content");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.sln")) && Directory.Exists(Path.Combine(dir.FullName, "content")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SupportBot.sln above {AppContext.BaseDirectory}");
    }
}
