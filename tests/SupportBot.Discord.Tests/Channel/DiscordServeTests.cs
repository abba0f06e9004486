using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Core.Intents;
using SupportBot.Discord.Interactions;
using SupportBot.Discord.Tests.Gateway;
using SupportBot.Discord.Tests.Interactions;
using SupportBot.Discord.Tests.Rest;
using SupportBot.Host.Cli;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>
/// <c>serve</c> as the process runs it (the host's composition, options and exit code) against the fake Discord: the
/// HTTP endpoint alone, with no gateway, and the fatal errors that must end the process with an error code.
/// </summary>
public sealed class DiscordServeTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"discord-serve-{Guid.NewGuid():N}");
    private readonly StringWriter output = new() { NewLine = "\n" };
    private readonly StringWriter error = new() { NewLine = "\n" };
    private FakeDiscordRest rest = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        rest = await FakeDiscordRest.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await rest.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Serve_HttpEndpointOnly_CommandsRegisteredThroughRestAndInteractionsAnswered()
    {
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var serve = ServeAsync(stop.Token,
            ("Discord:InteractionsOverHttp", "true"), ("Discord:Gateway", "false"), ("Discord:PublicKey", TestSigner.Rfc8032.PublicKeyHex),
            ("urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));

        await rest.WaitForAsync(r => r.Any(x => x.Route == FakeRoute.BulkOverwriteGlobalCommands), TimeSpan.FromSeconds(60));
        Assert.Equal(200, rest.RequestsTo(FakeRoute.GetCurrentApplication).Single().Status);
        Assert.Contains(rest.GlobalCommands, c => (string?)c!["name"] == "support");

        using var http = new HttpClient();
        var body = new JsonObject
        {
            ["id"] = "31", ["application_id"] = "200", ["type"] = 2, ["token"] = "tok-31", ["version"] = 1, ["locale"] = "en-US",
            ["channel_id"] = "8", ["user"] = new JsonObject { ["id"] = "7", ["username"] = "alice" },
            ["data"] = new JsonObject { ["id"] = "1", ["name"] = "support", ["type"] = 1 },
        }.ToJsonString();
        var timestamp = TestClock.Instance.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/discord/interactions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(DiscordInteractionsEndpoint.SignatureHeader, TestSigner.Rfc8032.Sign(timestamp, body));
        request.Headers.Add(DiscordInteractionsEndpoint.TimestampHeader, timestamp);
        using var answer = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await rest.WaitForAsync(r => r.Any(x => x.Route == FakeRoute.EditOriginalResponse), TimeSpan.FromSeconds(20));

        await stop.CancelAsync();
        var exitCode = await serve;
        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Empty(rest.RequestsTo(FakeRoute.GetGatewayBot));
        Assert.Contains("What do you need help with?", rest.RequestsTo(FakeRoute.EditOriginalResponse).Single().Json!["content"]!.GetValue<string>(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_HttpEndpointOnlyWithRejectedToken_ExitsWithConfigurationError()
    {
        var exitCode = await ServeAsync(CancellationToken.None,
            ("Discord:Token", "MTAw.revoked.token"),
            ("Discord:InteractionsOverHttp", "true"), ("Discord:Gateway", "false"), ("Discord:PublicKey", TestSigner.Rfc8032.PublicKeyHex),
            ("urls", $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}"));

        Assert.True(exitCode == CliApp.ConfigurationInvalid, $"exit {exitCode}: {error}");
        Assert.Equal(401, rest.RequestsTo(FakeRoute.GetCurrentApplication).Single().Status);
        Assert.Contains("SupportBot stopped: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_GatewayRefusesTheMessageContentIntent_ExitsWithConfigurationError()
    {
        await using var gateway = await FakeDiscordGateway.StartAsync(new FakeGatewayOptions { Token = rest.Token, PrivilegedIntentsEnabled = false });

        var exitCode = await ServeAsync(CancellationToken.None, ("Discord:GatewayUrl", gateway.Url.ToString()), ("Discord:MessageContentIntent", "true"));

        Assert.True(exitCode == CliApp.ConfigurationInvalid, $"exit {exitCode}: {error}");
        Assert.Single(gateway.Connections); // a fatal close is not retried
        Assert.Contains("4014", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_Gateway_ReadyzSaysConnectedAndAStopClosesWith1000()
    {
        await using var gateway = await FakeDiscordGateway.StartAsync(new FakeGatewayOptions { Token = rest.Token });
        var port = FreePort().ToString(CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource();
        var serve = ServeAsync(stop.Token, ("Discord:GatewayUrl", gateway.Url.ToString()), ("Web:Enabled", "true"), ("urls", $"http://127.0.0.1:{port}"));

        using var http = new HttpClient();
        string? ready = null;
        await Gateway.Eventually.UntilAsync(() =>
        {
            try
            {
                using var answer = http.GetAsync($"http://127.0.0.1:{port}/readyz").GetAwaiter().GetResult();
                ready = answer.StatusCode == HttpStatusCode.OK ? answer.Content.ReadAsStringAsync().GetAwaiter().GetResult() : null;
            }
            catch (HttpRequestException)
            {
                ready = null;
            }

            return ready is not null;
        }, "/readyz answering 200", TimeSpan.FromSeconds(60));
        Assert.Contains("gateway connected (shards 0)", ready, StringComparison.Ordinal);

        await stop.CancelAsync();
        var exitCode = await serve;

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Equal(1000, Assert.Single(gateway.Connections).ClientCloseCode);
    }

    [Fact]
    public async Task Serve_NoGatewayAndNoHttpEndpoint_RefusedAtStartNamingTheKeys()
    {
        var exitCode = await ServeAsync(CancellationToken.None, ("Discord:Gateway", "false"));

        Assert.True(exitCode == CliApp.ConfigurationInvalid, $"exit {exitCode}: {error}");
        Assert.Contains("Discord:Gateway can be false only with Discord:InteractionsOverHttp true", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(rest.Requests);
    }

    private Task<int> ServeAsync(CancellationToken cancellationToken, params (string Key, string Value)[] settings)
    {
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Discord:Token"] = rest.Token,
            ["Discord:ApiBaseUrl"] = rest.ApiBaseUrl,
            ["Storage:SqlitePath"] = Path.Combine(folder, "bot.db"),
            ["Storage:ModelCache"] = IntentModelCache.DefaultDirectory,
            ["Chain:Endpoints:bsc:0"] = "http://127.0.0.1:9",
            ["Chain:Networks:0"] = "bsc",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        return Task.Run(() => CliApp.RunAsync(["serve"], TextReader.Null, output, error, configuration, TestClock.Instance, cancellationToken), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(90), CancellationToken.None);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
