using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SupportBot.Discord.Gateway;

namespace SupportBot.Discord.Tests.Gateway;

/// <summary>A <see cref="DiscordGatewayClient"/> running against a <see cref="FakeDiscordGateway"/>, with its events and logs recorded.</summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource stop = new();
    private Task? run;

    private GatewayHarness(FakeDiscordGateway fake, GatewayClientOptions options, TimeProvider time)
    {
        Fake = fake;
        Options = options;
        Client = new DiscordGatewayClient(options, Handler, time, Logs);
    }

    public FakeDiscordGateway Fake { get; }

    public GatewayClientOptions Options { get; }

    public DiscordGatewayClient Client { get; }

    public RecordingHandler Handler { get; } = new();

    public ListLogger<DiscordGatewayClient> Logs { get; } = new();

    /// <summary>The running <see cref="DiscordGatewayClient.RunAsync(CancellationToken)"/>.</summary>
    public Task Run => run ?? throw new InvalidOperationException("Not started.");

    /// <summary>
    /// Starts a fake and a client pointed at it: the fake's token, intents 4609, no reconnect delay, no Identify
    /// spacing and a fixed jitter of 0.5. <paramref name="configure"/> adjusts the client's options.
    /// </summary>
    public static async Task<GatewayHarness> StartAsync(
        FakeGatewayOptions? fakeOptions = null,
        Func<GatewayClientOptions, GatewayClientOptions>? configure = null,
        TimeProvider? time = null,
        bool run = true)
    {
        var fake = await FakeDiscordGateway.StartAsync(fakeOptions);
        var options = new GatewayClientOptions
        {
            Token = fake.Token,
            Intents = GatewayIntents.ForSupportBot(messageContent: false),
            GatewayUrl = fake.Url,
            ReconnectDelay = () => TimeSpan.Zero,
            IdentifyWindow = TimeSpan.Zero,
            HeartbeatJitter = () => 0.5,
        };
        options = configure?.Invoke(options) ?? options;
        var harness = new GatewayHarness(fake, options, time ?? TestClock.Instance);
        if (run)
        {
            harness.Start();
        }

        return harness;
    }

    public void Start() => run = Client.RunAsync(stop.Token);

    /// <summary>Waits until the handler has seen <paramref name="count"/> events named <paramref name="eventName"/>.</summary>
    public Task WaitForEventAsync(string eventName, int count = 1) =>
        Eventually.UntilAsync(() => Handler.Names.Count(n => n == eventName) >= count, $"{count} × {eventName} at the handler");

    /// <summary>Waits for RunAsync to end and returns how it failed.</summary>
    public async Task<Exception> RunFailureAsync()
    {
        var exception = await Record.ExceptionAsync(() => Run.WaitAsync(Timeout));
        Assert.NotNull(exception);
        Assert.IsNotType<TimeoutException>(exception);
        return exception;
    }

    /// <summary>Cancels RunAsync and returns how it ended.</summary>
    public async Task<Exception?> StopAsync()
    {
        await stop.CancelAsync();
        return await Record.ExceptionAsync(() => Run.WaitAsync(Timeout));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (run is not null)
        {
            try
            {
                await run.WaitAsync(Timeout);
            }
            catch (Exception ex) when (ex is OperationCanceledException or GatewayFatalException)
            {
                // Stopped, or the test already looked at the failure.
            }
        }

        await Fake.DisposeAsync();
        stop.Dispose();
    }
}

/// <summary>Records every dispatch the client hands over.</summary>
internal sealed class RecordingHandler : IGatewayEventHandler
{
    private readonly Lock gate = new();
    private readonly List<(string Name, JsonElement Data)> events = [];

    public Func<string, JsonElement, Task>? OnEvent { get; set; }

    public IReadOnlyList<(string Name, JsonElement Data)> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    public IReadOnlyList<string> Names => [.. Events.Select(e => e.Name)];

    public async Task OnDispatchAsync(string eventName, JsonElement data, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            events.Add((eventName, data));
        }

        if (OnEvent is { } callback)
        {
            await callback(eventName, data);
        }
    }
}

/// <summary>Keeps formatted log lines.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly Lock gate = new();
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (gate)
            {
                return [.. lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (gate)
        {
            lines.Add($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        }
    }
}

/// <summary>Waits for a condition by checking it often.</summary>
internal static class Eventually
{
    public static async Task UntilAsync(Func<bool> condition, string description, TimeSpan? timeout = null)
    {
        var limit = timeout ?? GatewayHarness.Timeout;
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.###} s waiting for {description}.");
            }

            await Task.Delay(5);
        }
    }
}
