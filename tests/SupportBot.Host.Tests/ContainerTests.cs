using System.Globalization;
using System.Text.RegularExpressions;
using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>
/// The image as Docker would build it, read from the Dockerfile and .dockerignore (no Docker engine is needed): the app
/// user owns <c>/data</c>, the web port is exposed, the tests run on the way to the image, and the build context holds
/// source only.
/// </summary>
public sealed partial class ContainerTests
{
    private static readonly Lazy<IReadOnlyList<Stage>> Stages = new(() => ParseDockerfile(File.ReadAllText(Path.Combine(Repository.Root, "Dockerfile"))));

    private static Stage Final => Stages.Value[^1];

    [Fact]
    public void Dockerfile_FinalStage_DataMadeAndOwnedByAppBeforeVolumeAndUser()
    {
        var data = Final.IndexOf(i => i.Keyword == "RUN" && MakesDataFolder().IsMatch(i.Arguments));
        var owned = Final.IndexOf(i => i.Keyword == "RUN" && GivesDataToApp().IsMatch(i.Arguments));
        var volume = Final.IndexOf(i => i.Keyword == "VOLUME" && i.Arguments.Contains("/data", StringComparison.Ordinal));
        var user = Final.IndexOf(i => i.Keyword == "USER");

        Assert.True(data >= 0, "the final stage never creates /data");
        Assert.True(owned >= data, "/data is not given to the app user after it is made");
        Assert.True(volume > owned, "VOLUME /data must come after the chown, or the chown is discarded");
        Assert.True(user > owned, "USER app must come after /data is owned by app, or SQLite cannot create its file");
        Assert.Equal("app", Final.Instructions[user].Arguments);
        Assert.Single(Final.Instructions, i => i.Keyword == "USER");
        Assert.StartsWith("/data/", Final.Environment["SUPPORTBOT_Storage__SqlitePath"], StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_FinalStage_ExposesThePortTheWebHostListensOn()
    {
        var exposed = Final.Instructions.Where(i => i.Keyword == "EXPOSE").SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.Equal(["8080"], exposed);
        Assert.Equal("8080", Final.Environment["ASPNETCORE_HTTP_PORTS"]);
        Assert.False(Final.Environment.ContainsKey("ASPNETCORE_URLS"), "ASPNETCORE_URLS would override the exposed port");
        Assert.Equal("[\"dotnet\", \"SupportBot.dll\"]", Final.Instructions.Single(i => i.Keyword == "ENTRYPOINT").Arguments);
    }

    [Fact]
    public void Dockerfile_Tests_RunInAStageTheImageIsBuiltFrom()
    {
        var testing = Stages.Value.Single(s => s.Instructions.Any(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet test ", StringComparison.Ordinal)));

        Assert.Contains(testing.Name, DependenciesOf(Final));
        Assert.DoesNotContain("--filter", testing.Instructions.Single(i => i.Arguments.StartsWith("dotnet test ", StringComparison.Ordinal)).Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_TestStage_HasNode20OrLaterAndNamesTheSkipOffLinuxX64()
    {
        var testing = Stages.Value.Single(s => s.Instructions.Any(i => i.Arguments.StartsWith("dotnet test ", StringComparison.Ordinal)));
        var nodeStages = testing.Instructions
            .Where(i => i.Keyword == "COPY" && i.Arguments.Contains("/usr/local/bin/node", StringComparison.Ordinal))
            .Select(i => CopySource().Match(i.Arguments).Groups[1].Value)
            .ToList();
        var node = Stages.Value.Single(s => s.Name == Assert.Single(nodeStages));
        var major = int.Parse(NodeImage().Match(node.Image).Groups[1].Value, CultureInfo.InvariantCulture);

        Assert.True(major >= 20, $"{node.Image}: the tests need Node.js 20 or later");
        Assert.Contains(testing.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("uname -m", StringComparison.Ordinal)
            && i.Arguments.Contains("real-node (anvil) tests will be skipped", StringComparison.Ordinal));
        Assert.True(testing.Instructions.FindIndex(i => i.Arguments.Contains("/usr/local/bin/npm", StringComparison.Ordinal))
            < testing.Instructions.FindIndex(i => i.Arguments.StartsWith("dotnet test ", StringComparison.Ordinal)), "npm must be on PATH before the tests");
    }

    [Fact]
    public void Dockerfile_TestStage_InstallsRedisServerBeforeTheTests()
    {
        var testing = Stages.Value.Single(s => s.Instructions.Any(i => i.Arguments.StartsWith("dotnet test ", StringComparison.Ordinal)));

        var install = testing.Instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("apt-get install", StringComparison.Ordinal)
            && i.Arguments.Contains("redis-server", StringComparison.Ordinal));

        Assert.True(install >= 0, "the Redis store tests start a real redis-server: the test stage must install it");
        Assert.True(install < testing.Instructions.FindIndex(i => i.Arguments.StartsWith("dotnet test ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("src/SupportBot.Host/bin/Release/net10.0/SupportBot.dll")]
    [InlineData("tests/SupportBot.Host.Tests/obj/project.assets.json")]
    [InlineData("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil")]
    [InlineData("data/supportbot.db")]
    [InlineData("data/supportbot.log")]
    [InlineData("src/SupportBot.Host/data/supportbot.db-wal")]
    [InlineData("tests/SupportBot.Chain.Tests/TestResults/run.trx")]
    public void Dockerignore_BuildOutputPackagesAndState_LeftOutOfTheContext(string path)
    {
        Assert.True(DockerIgnores(path), $"{path} would be sent to the Docker build");
    }

    [Theory]
    [InlineData("SupportBot.sln")]
    [InlineData("src/SupportBot.Host/Program.cs")]
    [InlineData("src/SupportBot.Host/Console/ConsoleChat.cs")]
    [InlineData("content/networks.yaml")]
    [InlineData("appsettings.json")]
    [InlineData("package.json")]
    [InlineData("package-lock.json")]
    [InlineData("tests/SupportBot.Chain.Tests/Contracts/compile.js")]
    public void Dockerignore_SourceAndContent_InTheContext(string path)
    {
        Assert.False(DockerIgnores(path), $"{path} would be missing from the Docker build");
        Assert.True(File.Exists(Path.Combine(Repository.Root, path)), $"{path} is not in the repository");
    }

    /// <summary>Every stage <paramref name="stage"/> is built from or copies from, transitively.</summary>
    private static HashSet<string> DependenciesOf(Stage stage)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Stage>([stage]);
        while (pending.TryPop(out var current))
        {
            var sources = current.Instructions.Where(i => i.Keyword == "COPY").Select(i => CopySource().Match(i.Arguments))
                .Where(m => m.Success).Select(m => m.Groups[1].Value).Append(current.Image);
            foreach (var source in sources)
            {
                if (Stages.Value.FirstOrDefault(s => s.Name == source) is { } named && found.Add(source))
                {
                    pending.Push(named);
                }
            }
        }

        return found;
    }

    /// <summary>Whether Docker leaves <paramref name="path"/> out of the build context: the last matching pattern decides.</summary>
    private static bool DockerIgnores(string path)
    {
        var patterns = File.ReadAllLines(Path.Combine(Repository.Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
        var ignored = false;
        var segments = path.Split('/');
        foreach (var pattern in patterns)
        {
            var exception = pattern.StartsWith('!');
            var regex = GlobToRegex(pattern.TrimStart('!').Trim('/'));
            // A pattern that matches a folder leaves out everything in it.
            if (Enumerable.Range(1, segments.Length).Any(n => regex.IsMatch(string.Join('/', segments.Take(n)))))
            {
                ignored = !exception;
            }
        }

        return ignored;
    }

    private static Regex GlobToRegex(string glob)
    {
        var pattern = Regex.Escape(glob)
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
    }

    /// <summary>The Dockerfile as stages of instructions: comments dropped, continued lines joined.</summary>
    private static List<Stage> ParseDockerfile(string text)
    {
        var stages = new List<Stage>();
        var logical = new List<string>();
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            if (current.Trim().Length > 0)
            {
                logical.Add(Regex.Replace(current.Trim(), @"\s+", " "));
            }

            current = "";
        }

        foreach (var line in logical)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var instruction = new Instruction(line[..space].ToUpperInvariant(), line[(space + 1)..]);
            if (instruction.Keyword == "FROM")
            {
                var from = FromLine().Match(instruction.Arguments);
                Assert.True(from.Success, "FROM " + instruction.Arguments);
                stages.Add(new Stage(from.Groups["image"].Value, from.Groups["name"].Success ? from.Groups["name"].Value : stages.Count.ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                Assert.NotEmpty(stages);
                stages[^1].Instructions.Add(instruction);
            }
        }

        return stages;
    }

    [GeneratedRegex(@"^(--platform=\S+ )?(?<image>\S+)( AS (?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"--from=(\S+)")]
    private static partial Regex CopySource();

    [GeneratedRegex(@"^node:(\d+)")]
    private static partial Regex NodeImage();

    [GeneratedRegex(@"\bmkdir -p /data\b")]
    private static partial Regex MakesDataFolder();

    [GeneratedRegex(@"\bchown (app|\$APP_UID)(:\S+)? /data\b")]
    private static partial Regex GivesDataToApp();

    private sealed record Instruction(string Keyword, string Arguments);

    private sealed record Stage(string Image, string Name)
    {
        public List<Instruction> Instructions { get; } = [];

        /// <summary>The variables ENV sets in this stage (the <c>KEY=value</c> form, several per line).</summary>
        public Dictionary<string, string> Environment => Instructions.Where(i => i.Keyword == "ENV")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

        public int IndexOf(Func<Instruction, bool> predicate) => Instructions.FindIndex(i => predicate(i));
    }
}
