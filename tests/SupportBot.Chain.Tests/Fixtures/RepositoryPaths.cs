namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>Paths in the repository the tests were built from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding <c>SupportBot.sln</c> and <c>package.json</c>.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The anvil binary npm installs from the pinned <c>@foundry-rs/anvil-linux-amd64</c>.</summary>
    public static string AnvilBinary =>
        Path.Combine(Root, "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

    /// <summary>npm writes this file last, when an install has finished.</summary>
    public static string NpmInstallMarker => Path.Combine(Root, "node_modules", ".package-lock.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.sln")) && File.Exists(Path.Combine(dir.FullName, "package.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder with SupportBot.sln and package.json above {AppContext.BaseDirectory}");
    }
}
