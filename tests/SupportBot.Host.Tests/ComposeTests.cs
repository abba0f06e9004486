using SupportBot.Host.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace SupportBot.Host.Tests;

/// <summary>docker-compose.yml as Compose reads it (merge keys resolved; no Docker engine here): Redis with AOF and two bots on it.</summary>
public sealed class ComposeTests
{
    private static readonly Lazy<Dictionary<object, object>> Services = new(() =>
    {
        using var reader = new StreamReader(Path.Combine(Repository.Root, "docker-compose.yml"));
        var document = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        return (Dictionary<object, object>)document["services"];
    });

    private static Dictionary<object, object> Service(string name) => (Dictionary<object, object>)Services.Value[name];

    [Fact]
    public void Redis_RunsWithTheAppendOnlyFile_OnAVolume()
    {
        var command = ((List<object>)Service("redis")["command"]).Cast<string>().ToList();

        Assert.Equal("yes", command[command.IndexOf("--appendonly") + 1]);
        Assert.Contains(((List<object>)Service("redis")["volumes"]).Cast<string>(), v => v.EndsWith(":/data", StringComparison.Ordinal));
    }

    [Fact]
    public void TwoBots_OnTheRedisStore_WithProbes_EachOnItsOwnPort()
    {
        var bots = Services.Value.Keys.Cast<string>().Where(k => k.StartsWith("bot", StringComparison.Ordinal)).ToList();
        Assert.True(bots.Count >= 2, "several instances");

        foreach (var bot in bots)
        {
            var environment = ((Dictionary<object, object>)Service(bot)["environment"]).ToDictionary(e => (string)e.Key, e => (string)e.Value);
            Assert.Equal("redis", environment["SUPPORTBOT_Storage__Provider"]);
            Assert.StartsWith("redis:", environment["SUPPORTBOT_Storage__Redis"], StringComparison.Ordinal);
            Assert.Equal("true", environment["SUPPORTBOT_Web__Enabled"]);
            Assert.Equal("json", environment["SUPPORTBOT_Logging__Console__FormatterName"]);
            Assert.True(((Dictionary<object, object>)Service(bot)["depends_on"]).ContainsKey("redis"));
        }

        var hostPorts = bots.Select(b => ((List<object>)Service(b)["ports"]).Cast<string>().Single().Split(':')[0]).ToList();
        Assert.Equal(hostPorts.Count, hostPorts.Distinct().Count());
    }
}
