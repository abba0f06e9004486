using System.Net.WebSockets;

namespace SupportBot.Discord.Gateway;

/// <summary>How a connection ended and what the next one should do.</summary>
internal sealed record ConnectionEnd(CloseAction Action, string Reason, bool Delay = false, int? CloseCode = null)
{
    /// <summary>The connection got to READY or RESUMED.</summary>
    public bool WasReady { get; init; }

    /// <summary>Set when <see cref="Action"/> is <see cref="CloseAction.Fatal"/>.</summary>
    public GatewayFatalException? Error { get; init; }

    public static ConnectionEnd Fatal(GatewayFatalException error) => new(CloseAction.Fatal, error.Message, CloseCode: error.CloseCode) { Error = error };

    public static ConnectionEnd Resume(string reason, bool delay = false, int? closeCode = null) => new(CloseAction.Resume, reason, delay, closeCode);

    public static ConnectionEnd NewSession(string reason, bool delay = false, int? closeCode = null) => new(CloseAction.NewSession, reason, delay, closeCode);
}

/// <summary>
/// One gateway WebSocket: serialized sends through the connection's rate limiter, the heartbeat ACK flag, and a
/// close the client asked for. The connection's token is cancelled when it ends, and also when a Hello or a close
/// handshake takes longer than the handshake timeout.
/// </summary>
internal sealed class GatewayConnection : IDisposable
{
    private readonly ClientWebSocket socket;
    private readonly TimeSpan handshakeTimeout;
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly CancellationTokenSource lifetime;
    private readonly Lock gate = new();
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectionEnd? requestedEnd;
    private int acked = 1;
    private int ready;

    public GatewayConnection(ClientWebSocket socket, bool resuming, TimeProvider time, TimeSpan handshakeTimeout)
    {
        this.socket = socket;
        this.handshakeTimeout = handshakeTimeout;
        Resuming = resuming;

        // Armed until Hello arrives.
        lifetime = new CancellationTokenSource(handshakeTimeout, time);
        Token = lifetime.Token;
        Limiter = new GatewaySendLimiter(GatewaySendLimiter.DiscordLimit, GatewaySendLimiter.DiscordWindow, reserved: 3, time);
    }

    /// <summary>This connection sends Resume rather than Identify.</summary>
    public bool Resuming { get; }

    public GatewaySendLimiter Limiter { get; }

    public CancellationToken Token { get; }

    /// <summary>No heartbeat is waiting for its ACK.</summary>
    public bool Acked
    {
        get => Volatile.Read(ref acked) == 1;
        set => Volatile.Write(ref acked, value ? 1 : 0);
    }

    public bool IsReady => Volatile.Read(ref ready) == 1;

    /// <summary>The heartbeat loop, once Hello has started it.</summary>
    public Task Heartbeat { get; set; } = Task.CompletedTask;

    /// <summary>Completes when the connection has ended and its socket is gone.</summary>
    public Task Finished => finished.Task;

    /// <summary>The end the client chose when it started closing; null while it hasn't.</summary>
    public ConnectionEnd? RequestedEnd
    {
        get
        {
            lock (gate)
            {
                return requestedEnd;
            }
        }
    }

    public void MarkReady() => Volatile.Write(ref ready, 1);

    /// <summary>Hello arrived: stop the Hello timeout (unless a close is already under way).</summary>
    public void HelloReceived()
    {
        lock (gate)
        {
            if (requestedEnd is null && !Token.IsCancellationRequested)
            {
                lifetime.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Sends one text frame once the limiter allows it.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> payload, bool priority, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Token);
        await Limiter.AcquireAsync(priority, linked.Token).ConfigureAwait(false);
        await sendLock.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            sendLock.Release();
        }
    }

    /// <summary>
    /// Starts closing with <paramref name="code"/>; the first call decides how the connection ends. The receive loop
    /// then waits for the server's close frame, or for the handshake timeout.
    /// </summary>
    public async Task RequestCloseAsync(int code, string reason, ConnectionEnd end)
    {
        lock (gate)
        {
            if (requestedEnd is not null || Token.IsCancellationRequested)
            {
                return;
            }

            requestedEnd = end;
            lifetime.CancelAfter(handshakeTimeout);
        }

        await CloseOutputAsync(code, reason).ConfigureAwait(false);
    }

    /// <summary>Sends a close frame if the socket can still send one; never throws.</summary>
    public async Task CloseOutputAsync(int code, string reason)
    {
        try
        {
            await sendLock.WaitAsync(Token).ConfigureAwait(false);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, Token).ConfigureAwait(false);
                }
            }
            finally
            {
                sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket is going away anyway.
        }
    }

    /// <summary>Cancels everything still running on this connection.</summary>
    public void Cancel()
    {
        try
        {
            lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    public void Dispose()
    {
        Cancel();
        finished.TrySetResult();
        lock (gate)
        {
            // Under the lock, so RequestCloseAsync and HelloReceived never touch a disposed source. The semaphore is
            // left alone: a send that is still unwinding may release it after this.
            requestedEnd ??= ConnectionEnd.Resume("disposed");
            lifetime.Dispose();
        }
    }
}
