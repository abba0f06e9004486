using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Scams;
using SupportBot.Host.Composition;
using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>The phishing list refreshed from a local HTTP server: good lists replace the old one, broken ones never do.</summary>
public sealed class PhishingListRefreshServiceTests : IAsyncDisposable
{
    private const string FreshDomain = "fresh-drainer-claim.example";

    private static readonly string SnapshotPath = Path.Combine(Repository.ContentPath, LinkRules.SnapshotFileName);
    private static readonly byte[] SnapshotJson = PhishingList.Decompress(File.ReadAllBytes(SnapshotPath));

    private readonly TempDirectory temp = new();
    private readonly FakeTimeProvider time = new(TestClock.Epoch);
    private readonly ListServer server = new();
    private readonly ServiceProvider http = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    private PhishingListOptions Options(string path) => new()
    {
        PhishingListUrl = new Uri(server.Url, path).ToString(),
        CachePath = temp.File("cache/phishing-list.json.gz"),
        RefreshInterval = TimeSpan.FromHours(6),
        MaxDownloadBytes = 4 << 20,
    };

    private (PhishingListRefreshService Service, PhishingListHolder Holder) Service(PhishingListOptions options)
    {
        var holder = PhishingListStartup.Load(SnapshotPath, options);
        return (new PhishingListRefreshService(holder, http.GetRequiredService<IHttpClientFactory>(), Microsoft.Extensions.Options.Options.Create(options), time,
            NullLogger<PhishingListRefreshService>.Instance), holder);
    }

    // The snapshot with one domain more: what the next release of the list looks like.
    private static byte[] NewerList()
    {
        var json = JsonNode.Parse(SnapshotJson)!;
        json["blacklist"]!.AsArray().Add(FreshDomain);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RefreshOnce_GoodList_ReplacesTheListAndCachesItForTheNextStart(bool gzip)
    {
        server.Serve("/config.json", 200, gzip ? Gzip(NewerList()) : NewerList());
        var options = Options("/config.json");
        var (service, holder) = Service(options);
        Assert.Null(holder.Current.BlocklistMatch(FreshDomain));

        Assert.Equal(PhishingListRefreshOutcome.Replaced, await service.RefreshOnceAsync(CancellationToken.None));

        Assert.Equal(FreshDomain, holder.Current.BlocklistMatch(FreshDomain));
        Assert.False(File.Exists(options.CachePath + ".tmp"));
        var restarted = PhishingListStartup.Load(SnapshotPath, options);
        Assert.Equal(FreshDomain, restarted.Current.BlocklistMatch(FreshDomain));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("too small")]
    [InlineData("HTTP 500")]
    [InlineData("HTML error page")]
    [InlineData("too large")]
    [InlineData("broken gzip")]
    public async Task RefreshOnce_BrokenDownload_KeepsTheOldListAndTheOldCache(string broken)
    {
        // First a good refresh, so there is a cache to keep.
        server.Serve("/config.json", 200, NewerList());
        var options = Options("/config.json");
        var (service, holder) = Service(options);
        await service.RefreshOnceAsync(CancellationToken.None);
        var cached = await File.ReadAllBytesAsync(options.CachePath);
        var before = holder.Current;

        var newer = NewerList();
        var (status, body, expected) = broken switch
        {
            "truncated" => (200, newer[..(newer.Length / 2)], PhishingListRefreshOutcome.Rejected),
            "too small" => (200, """{ "blacklist": ["one.example", "two.example"], "whitelist": [], "fuzzylist": [], "tolerance": 2 }"""u8.ToArray(), PhishingListRefreshOutcome.Rejected),
            "HTTP 500" => (500, "internal error"u8.ToArray(), PhishingListRefreshOutcome.Failed),
            "HTML error page" => (200, "<html><body>Rate limited</body></html>"u8.ToArray(), PhishingListRefreshOutcome.Rejected),
            "too large" => (200, newer.Concat(new byte[options.MaxDownloadBytes]).ToArray(), PhishingListRefreshOutcome.Rejected),
            _ => (200, Gzip(newer)[..200], PhishingListRefreshOutcome.Rejected),
        };
        server.Serve("/config.json", status, body);

        Assert.Equal(expected, await service.RefreshOnceAsync(CancellationToken.None));

        Assert.Same(before, holder.Current);
        Assert.Equal(cached, await File.ReadAllBytesAsync(options.CachePath));
    }

    [Fact]
    public async Task RefreshOnce_NothingListening_FailsAndKeepsTheSnapshot()
    {
        var options = Options("/config.json");
        options.PhishingListUrl = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/config.json";
        var (service, holder) = Service(options);
        var before = holder.Current;

        Assert.Equal(PhishingListRefreshOutcome.Failed, await service.RefreshOnceAsync(CancellationToken.None));

        Assert.Same(before, holder.Current);
        Assert.False(File.Exists(options.CachePath));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{ "blacklist": ["only.example"] }""")]
    public void Startup_CacheBrokenOrImplausible_UsesTheShippedSnapshot(string cache)
    {
        var options = Options("/config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(options.CachePath)!);
        File.WriteAllText(options.CachePath, cache);

        var holder = PhishingListStartup.Load(SnapshotPath, options);

        Assert.Equal(PhishingList.Load(SnapshotPath).BlocklistCount, holder.Current.BlocklistCount);
        Assert.Equal((int)Math.Ceiling(holder.Current.BlocklistCount * 0.5), holder.MinimumBlocklist);
    }

    [Fact]
    public async Task Running_RefreshesAtStartThenOnEveryInterval()
    {
        server.Serve("/config.json", 500, []);
        var (service, holder) = Service(Options("/config.json"));

        await service.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => server.Requests == 1);
        Assert.Null(holder.Current.BlocklistMatch(FreshDomain));

        server.Serve("/config.json", 200, NewerList());
        time.Advance(TimeSpan.FromHours(5));
        await Task.Delay(50);
        Assert.Equal(1, server.Requests);

        time.Advance(TimeSpan.FromHours(1));
        await WaitUntilAsync(() => holder.Current.BlocklistMatch(FreshDomain) is not null);
        Assert.Equal(2, server.Requests);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Container_ResolvesTheScannerOverTheShippedSnapshot()
    {
        using var host = ServiceSetup.CreateBuilder(
            [new("Storage:SqlitePath", temp.File("bot.db")), new("Scams:CachePath", temp.File("list.json.gz")), new("Content:Path", Repository.ContentPath)],
            time).Build();

        var scanner = host.Services.GetRequiredService<LinkScanner>();

        Assert.Equal(LinkRisk.Blocklisted, scanner.CheckHost("metamask-verify.org").Risk);
        Assert.Equal(LinkRisk.Allowlisted, scanner.CheckHost("metamask.io").Risk);
        Assert.Equal(TimeSpan.FromHours(6), host.Services.GetRequiredService<IOptions<PhishingListOptions>>().Value.RefreshInterval);
    }

    [Theory]
    [InlineData("tolerance: 1", "tolerance: one", "scams-links.yaml")]
    [InlineData("\nshorteners:", "\nshortners:", "scams-links.yaml")]
    [InlineData("tolerance: 1", "tolerance: [1", "scams-links.yaml")]
    public async Task Startup_BrokenScamsLinks_StopsWithTheFileNamed(string oldText, string newText, string file)
    {
        using var content = new ContentCopy();
        content.Replace(file, oldText, newText);

        var run = await CliRunner.RunAsync(["triage", "--json", "hello"],
            configuration: [new("Content:Path", content.Root), new("Storage:SqlitePath", temp.File("bot.db")), new("Scams:CachePath", temp.File("list.json.gz"))]);

        Assert.True(run.ExitCode == 1, run.Error);
        Assert.True(run.Error.Contains("content/" + file, StringComparison.Ordinal), run.Error);
    }

    [Fact]
    public async Task Startup_BadListUrl_StopsWithTheKeyNamed()
    {
        var run = await CliRunner.RunAsync(["triage", "--json", "hello"],
            configuration: [new("Storage:SqlitePath", temp.File("bot.db")), new("Scams:PhishingListUrl", "ftp://lists.example/config.json")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Scams:PhishingListUrl", run.Error, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Real time only bounds the wait: the timer itself runs on the fake clock.
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        await http.DisposeAsync();
        temp.Dispose();
    }

    /// <summary>A loopback HTTP server (HttpListener) answering one path with whatever the test sets.</summary>
    private sealed class ListServer : IAsyncDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Task loop;
        private volatile Answer answer = new("/", 404, []);
        private int requests;

        public ListServer()
        {
            for (var attempt = 0; ; attempt++)
            {
                Url = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/");
                listener.Prefixes.Clear();
                listener.Prefixes.Add(Url.ToString());
                try
                {
                    listener.Start();
                    break;
                }
                catch (HttpListenerException) when (attempt < 10)
                {
                    // Someone took the port between the probe and the start: try another.
                }
            }

            loop = Task.Run(LoopAsync);
        }

        public Uri Url { get; private set; }

        public int Requests => Volatile.Read(ref requests);

        public void Serve(string path, int status, byte[] body) => answer = new Answer(path, status, body);

        private async Task LoopAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Interlocked.Increment(ref requests);
                var (path, status, body) = answer;
                var found = context.Request.Url?.AbsolutePath == path;
                context.Response.StatusCode = found ? status : 404;
                var bytes = found ? body : [];
                context.Response.ContentLength64 = bytes.Length;
                try
                {
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or IOException)
                {
                    // The client gave up early (the size cap): nothing to do.
                }
            }
        }

        private sealed record Answer(string Path, int Status, byte[] Body);

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            listener.Close();
            await loop;
        }
    }
}
