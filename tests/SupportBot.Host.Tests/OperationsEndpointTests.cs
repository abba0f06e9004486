using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Core.Channels;
using SupportBot.Core.Conversations;
using SupportBot.Core.Messages;
using SupportBot.Host.Composition;
using SupportBot.Host.Operations;
using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>The web host's probes and metrics, over real HTTP on loopback, with the real composition.</summary>
public sealed class OperationsEndpointTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly HttpClient http = new();

    public void Dispose()
    {
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task Probes_AliveAndReady_WithTheStoreAnswering()
    {
        await using var app = await StartAsync(temp.File("bot.db"));

        var live = await http.GetAsync(Url(app, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());

        var ready = await http.GetAsync(Url(app, "/readyz"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_StoreUnreachable_503_ButStillAlive()
    {
        // The database's folder would have to be inside a file: the store cannot open.
        File.WriteAllText(temp.File("not-a-folder"), "x");
        await using var app = await StartAsync(Path.Combine(temp.File("not-a-folder"), "bot.db"));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Url(app, "/healthz"))).StatusCode);
        var ready = await http.GetAsync(Url(app, "/readyz"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("store unavailable", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_AChannelNotConnected_503_NamingIt()
    {
        await using var app = await StartAsync(temp.File("bot.db"), services =>
            services.AddSingleton<IChannelHealth>(new FixedChannel("discord", new ChannelReadiness(false, "reconnecting"))));

        var ready = await http.GetAsync(Url(app, "/readyz"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var text = await ready.Content.ReadAsStringAsync();
        Assert.Contains("not connected: discord", text, StringComparison.Ordinal);
        Assert.Contains("reconnecting", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_TurnsAndSecrets_ScrapedInPrometheusFormat_WithoutAnyText()
    {
        await using var app = await StartAsync(temp.File("bot.db"));
        var engine = app.Services.GetRequiredService<ConversationEngine>();
        await engine.HandleAsync(new InboundMessage { Channel = "telegram", ConversationId = "7", UserId = "7", Text = "my usdt never arrived on metamask" }, CancellationToken.None);
        await engine.HandleAsync(new InboundMessage
        {
            Channel = "telegram", ConversationId = "8", UserId = "8",
            Text = "legal winner thank year wave sausage worth useful legal winner thank yellow",
        }, CancellationToken.None);

        var scrape = await http.GetStringAsync(Url(app, "/metrics"));

        Assert.Equal(2, TurnsOn(scrape, "telegram"));
        Assert.Matches("""supportbot_secrets_caught_total\{[^}]*channel="telegram"[^}]*\} 1""", scrape);
        Assert.DoesNotContain("usdt never arrived", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("sausage", scrape, StringComparison.Ordinal);
    }

    // The turns are tagged by intent too: add up the channel's series.
    private static double TurnsOn(string scrape, string channel) => scrape.Split('\n')
        .Where(l => l.StartsWith("supportbot_turns_total{", StringComparison.Ordinal) && l.Contains($"channel=\"{channel}\"", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<WebApplication> StartAsync(string database, Action<IServiceCollection>? configure = null)
    {
        var builder = ServiceSetup.CreateWebBuilder(
            [.. CliRunner.Offline, new("Storage:SqlitePath", database)], TestClock.Instance);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapOperations(new WebOptions());
        await app.StartAsync();
        return app;
    }

    private static string Url(WebApplication app, string path) => app.Urls.First().TrimEnd('/') + path;

    private sealed class FixedChannel(string name, ChannelReadiness state) : IChannelHealth
    {
        public string Channel => name;

        public ChannelReadiness Check() => state;
    }
}
