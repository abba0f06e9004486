using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SupportBot.Host.Tests.Support;
using Xunit.Abstractions;

namespace SupportBot.Instances.Tests.Support;

/// <summary>
/// One instance of the bot: <c>SupportBot serve</c> as its own process, its web host (webhook, <c>/readyz</c>) on a
/// loopback port of its own, its settings from the environment as in a container.
/// </summary>
internal sealed class BotInstance : IAsyncDisposable
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private readonly BotProcess process;
    private readonly TempDirectory folder;

    private BotInstance(string name, BotProcess process, TempDirectory folder, int port)
    {
        Name = name;
        this.process = process;
        this.folder = folder;
        Url = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }

    /// <summary>The instance's own web host, as the load balancer reaches it.</summary>
    public Uri Url { get; }

    /// <summary>Stopped by the test (killed or terminated): no longer one of the running instances.</summary>
    public bool Killed { get; private set; }

    /// <summary>Starts an instance whose web host listens on <paramref name="port"/> (see <see cref="FreePorts"/>).</summary>
    public static BotInstance Start(string name, int port, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var folder = new TempDirectory();
        var process = BotProcess.Start(folder.Path, ["serve"], settings,
            [new("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"), new("DOTNET_gcServer", "0")]);
        return new BotInstance(name, process, folder, port);
    }

    /// <summary>The readiness answer (<c>/readyz</c>), or null while the instance does not answer HTTP.</summary>
    public async Task<(bool Ready, JsonObject Report)?> ReadinessAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(Url, "readyz"));
            var report = JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject ?? [];
            return (response.StatusCode == HttpStatusCode.OK, report);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>What <c>/readyz</c> says about Telegram: "webhook set", "polling", "standby: …".</summary>
    public async Task<string?> TelegramStateAsync() =>
        (await ReadinessAsync())?.Report["checks"]?["channels"]?["data"]?["telegram"]?.GetValue<string>();

    /// <summary>What <c>/readyz</c> says about Discord: "gateway connected (shards 0, 1)", "standby: …", "gateway connecting"…</summary>
    public async Task<string?> DiscordStateAsync() =>
        (await ReadinessAsync())?.Report["checks"]?["channels"]?["data"]?["discord"]?.GetValue<string>();

    /// <summary>Waits until <c>/readyz</c> answers 200 (start-up takes seconds: content, the intent model, the store).</summary>
    public Task WaitUntilReadyAsync() => WaitForReadinessAsync(ready: true);

    /// <summary>Waits until <c>/readyz</c> answers, ready (200) or not (503) as asked; returns its report.</summary>
    public async Task<JsonObject> WaitForReadinessAsync(bool ready)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} ended:\n{await process.KillAsync()}");
            }

            if (await ReadinessAsync() is { } readiness && readiness.Ready == ready)
            {
                return readiness.Report;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"{Name} was not {(ready ? "ready" : "unready")} after two minutes:\n{await process.KillAsync()}");
    }

    /// <summary>SIGKILL: no graceful stop, no lease released, whatever was in flight cut off.</summary>
    public async Task<string> KillAsync()
    {
        Killed = true;
        return await process.KillAsync();
    }

    /// <summary>SIGTERM: the graceful stop; returns the exit code and everything the instance logged.</summary>
    public async Task<(int ExitCode, string Log)> StopAsync()
    {
        Killed = true;
        var exitCode = await process.TerminateAsync();
        return (exitCode, await process.KillAsync());
    }

    /// <summary>Stops every instance and shows the warnings and errors each logged, for when a test fails.</summary>
    public static async Task StopAllAsync(IEnumerable<BotInstance> instances, ITestOutputHelper output)
    {
        foreach (var instance in instances)
        {
            var log = await instance.process.KillAsync();
            // The console format: "warn: Category[0]" and the message on the next line.
            var lines = log.Split('\n');
            var notable = Enumerable.Range(0, lines.Length)
                .Where(i => lines[i].StartsWith("warn:", StringComparison.Ordinal) || lines[i].StartsWith("fail:", StringComparison.Ordinal)
                    || lines[i].StartsWith("crit:", StringComparison.Ordinal))
                .Select(i => lines[i] + (i + 1 < lines.Length ? " " + lines[i + 1].Trim() : ""))
                .ToList();
            output.WriteLine($"{instance.Name}{(instance.Killed ? " (killed)" : "")}: {notable.Count} warnings and errors; the last ones:");
            notable.TakeLast(20).ToList().ForEach(output.WriteLine);
            await instance.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        folder.Dispose();
    }

    /// <summary>Loopback ports free now, all different: the instances' addresses, known before they start.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
