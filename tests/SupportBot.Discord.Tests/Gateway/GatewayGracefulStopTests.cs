using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SupportBot.Discord.Gateway;

namespace SupportBot.Discord.Tests.Gateway;

/// <summary>
/// Stopping on SIGTERM: the connection closes with 1000 at once (no new events), and the events already received are
/// still handled to the end, unless the host's shutdown timeout runs out first.
/// </summary>
public sealed class GatewayGracefulStopTests : IAsyncLifetime
{
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource abort = new();
    private readonly BlockingHandler handler = new();
    private FakeDiscordGateway gateway = null!;
    private DiscordGatewayClient client = null!;
    private Task run = null!;

    public async Task InitializeAsync()
    {
        gateway = await FakeDiscordGateway.StartAsync();
        client = new DiscordGatewayClient(new GatewayClientOptions
        {
            Token = gateway.Token,
            Intents = GatewayIntents.ForSupportBot(messageContent: false),
            GatewayUrl = gateway.Url,
            ReconnectDelay = () => TimeSpan.Zero,
            IdentifyWindow = TimeSpan.Zero,
            HeartbeatJitter = () => 0.5,
        }, handler, TestClock.Instance, NullLogger<DiscordGatewayClient>.Instance);
        run = client.RunAsync(stop.Token, abort.Token);
        await Eventually.UntilAsync(() => client.IsReady, "READY");

        // Two messages arrive; the first one's handling is still running when the stop comes.
        gateway.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("one", "301"));
        gateway.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("two", "302"));
        await Eventually.UntilAsync(() => handler.Started == 1 && client.LastSequence == 3, "the first message in the handler, the second received");
    }

    public async Task DisposeAsync()
    {
        handler.Release.TrySetResult();
        await abort.CancelAsync();
        await Record.ExceptionAsync(() => run.WaitAsync(GatewayHarness.Timeout));
        await gateway.DisposeAsync();
        stop.Dispose();
        abort.Dispose();
    }

    [Fact]
    public async Task Stop_WhileHandling_ClosesWith1000AndFinishesWhatWasReceived()
    {
        await stop.CancelAsync();

        await gateway.WaitUntilAsync(() => gateway.Connections[0].ClientCloseCode == 1000, "the close with 1000");
        await Eventually.UntilAsync(() => !client.IsReady, "not ready once closed");
        await Task.Delay(100);
        Assert.False(run.IsCompleted);

        handler.Release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(GatewayHarness.Timeout));
        Assert.Equal(["301", "302"], handler.Finished);
        Assert.False(handler.SawCancellation);
        Assert.Single(gateway.Connections); // no reconnect after the stop
    }

    [Fact]
    public async Task Stop_ThenShutdownTimeout_HandlerCancelledAndTheRestDropped()
    {
        await stop.CancelAsync();
        await gateway.WaitUntilAsync(() => gateway.Connections[0].ClientCloseCode == 1000, "the close with 1000");

        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(GatewayHarness.Timeout));
        Assert.True(handler.SawCancellation);
        Assert.DoesNotContain("302", handler.Finished);
    }

    /// <summary>Holds the first message until released; notes whether it was asked to stop.</summary>
    private sealed class BlockingHandler : IGatewayEventHandler
    {
        private readonly Lock gate = new();
        private readonly List<string> finished = [];
        private int started;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Started => Volatile.Read(ref started);

        public bool SawCancellation { get; private set; }

        public IReadOnlyList<string> Finished
        {
            get
            {
                lock (gate)
                {
                    return [.. finished];
                }
            }
        }

        public async Task OnDispatchAsync(string eventName, JsonElement data, CancellationToken cancellationToken)
        {
            if (eventName != "MESSAGE_CREATE")
            {
                return;
            }

            if (Interlocked.Increment(ref started) == 1)
            {
                try
                {
                    await Release.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    SawCancellation = true;
                    throw;
                }
            }

            lock (gate)
            {
                finished.Add(data.GetProperty("id").GetString()!);
            }
        }
    }
}
