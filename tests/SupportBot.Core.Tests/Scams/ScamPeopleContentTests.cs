using SupportBot.Core.Content;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Scams;

/// <summary>content/scams-people.yaml and its texts are checked at start-up like the rest of the content.</summary>
public sealed class ScamPeopleContentTests
{
    [Fact]
    public void Load_ShippedContent_HasWordsAndPatterns()
    {
        var scams = TestContent.Catalog.ScamPeople;

        Assert.Contains("metamask", scams.Brands);
        Assert.Contains("support", scams.StaffWords);
        Assert.NotEmpty(scams.Patterns);
        Assert.All(SupportBot.Core.Scams.ScamPeopleContent.FakeSupportKinds, kind => Assert.Contains(scams.Patterns, p => p.Kind == kind && p.Language == "ru"));
    }

    [Fact]
    public void Validate_BrokenPattern_ErrorWithItsLine()
    {
        var errors = WithChange("scams-people.yaml", "      - dm|pm|inbox|dms me\n", "      - dm|pm|inbox|dms me\n      - dm ... me ...\n      - dm x_y\n");

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("content/scams-people.yaml", e.File));
        Assert.Contains(errors, e => e.Message.Contains("'...'", StringComparison.Ordinal) && e.Line > 0);
        Assert.Contains(errors, e => e.Message.Contains("'x_y'", StringComparison.Ordinal) && e.Line > 0);
    }

    [Fact]
    public void Validate_MissingText_Error()
    {
        var errors = WithChange("locales/en.yaml", "    done: \"Done: {what}\"\n", "");

        Assert.Contains(errors, e => e.Message.Contains("'scams-people.log.done'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingFile_Error()
    {
        var root = Copy();
        try
        {
            File.Delete(Path.Combine(root, "scams-people.yaml"));

            var error = Assert.Single(ContentCatalog.Validate(root));

            Assert.Equal("content/scams-people.yaml", error.File);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static IReadOnlyList<ContentError> WithChange(string file, string from, string to)
    {
        var root = Copy();
        try
        {
            var path = Path.Combine(root, file);
            var text = File.ReadAllText(path);
            Assert.Contains(from, text, StringComparison.Ordinal);
            File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
            return ContentCatalog.Validate(root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Copy()
    {
        var root = Path.Combine(Path.GetTempPath(), $"supportbot-scams-{Guid.NewGuid():N}");
        foreach (var file in Directory.GetFiles(TestContent.Root, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, Path.GetRelativePath(TestContent.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return root;
    }
}
