using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace SupportBot.Discord.Tests.Gateway;

/// <summary>A payload the fake received from the client.</summary>
/// <param name="Op">The payload's <c>op</c>.</param>
/// <param name="Json">The whole payload.</param>
/// <param name="At">When it arrived, on the fake's clock.</param>
/// <param name="Bytes">Its size on the wire.</param>
public sealed record ReceivedPayload(int Op, JsonElement Json, DateTimeOffset At, int Bytes)
{
    /// <summary>The payload's <c>d</c>.</summary>
    public JsonElement D => Json.TryGetProperty("d", out var d) ? d : default;
}

/// <summary>A heartbeat the fake received: its <c>d</c>, and the last sequence the fake had sent in that session by then.</summary>
public sealed record ReceivedHeartbeat(long? D, long? ServerSequence);

/// <summary>One WebSocket connection to <see cref="FakeDiscordGateway"/>: what it received and how it ended. Thread-safe.</summary>
public sealed class FakeGatewayConnection
{
    private readonly Lock gate;
    private readonly List<ReceivedPayload> received = [];
    private readonly List<ReceivedHeartbeat> heartbeats = [];
    private readonly Channel<Outgoing> outgoing = global::System.Threading.Channels.Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });

    internal FakeGatewayConnection(Lock gate, int index, string path, string query, WebSocket socket)
    {
        this.gate = gate;
        Index = index;
        Path = path;
        Query = query;
        Socket = socket;
    }

    /// <summary>0 for the first connection, then 1, 2…</summary>
    public int Index { get; }

    /// <summary><c>/</c> (the primary URL) or <c>/r</c> (the resume URL from READY).</summary>
    public string Path { get; }

    /// <summary>The query string without <c>?</c>, for example <c>v=10&amp;encoding=json</c>.</summary>
    public string Query { get; }

    public bool IsResumeUrl => Path == "/r";

    /// <summary>Everything the client sent, in order.</summary>
    public IReadOnlyList<ReceivedPayload> Received
    {
        get
        {
            lock (gate)
            {
                return [.. received];
            }
        }
    }

    /// <summary>The heartbeats the client sent, with the sequence the fake had reached at each.</summary>
    public IReadOnlyList<ReceivedHeartbeat> Heartbeats
    {
        get
        {
            lock (gate)
            {
                return [.. heartbeats];
            }
        }
    }

    /// <summary>The close code the client sent; null while it sent none (it may have dropped the socket).</summary>
    public int? ClientCloseCode
    {
        get
        {
            lock (gate)
            {
                return field;
            }
        }

        internal set => field = value;
    }

    /// <summary>The close code the fake sent, if it closed the connection.</summary>
    public int? ServerCloseCode
    {
        get
        {
            lock (gate)
            {
                return field;
            }
        }

        internal set => field = value;
    }

    /// <summary>The socket is gone.</summary>
    public bool Ended
    {
        get
        {
            lock (gate)
            {
                return field;
            }
        }

        internal set => field = value;
    }

    /// <summary>The session this connection identified or resumed; null before.</summary>
    public string? SessionId
    {
        get
        {
            lock (gate)
            {
                return Session?.Id;
            }
        }
    }

    /// <summary>The shard this connection's session identified as (0 without a shard array); null before.</summary>
    public int? ShardId
    {
        get
        {
            lock (gate)
            {
                return Session?.ShardId;
            }
        }
    }

    internal WebSocket Socket { get; }

    internal ChannelReader<Outgoing> Outgoing => outgoing.Reader;

    // The members below are guarded by the fake's lock.
    internal FakeSession? Session { get; set; }

    internal bool Authenticated { get; set; }

    /// <summary>READY or RESUMED has been sent.</summary>
    internal bool Ready { get; set; }

    /// <summary>A READY held back by <see cref="FakeGatewayOptions.HoldReady"/>.</summary>
    internal byte[]? PendingReady { get; set; }

    /// <summary>The fake told the client to go (op 7, op 9, a close): nothing more is dispatched here.</summary>
    internal bool Leaving { get; set; }

    internal bool Acking { get; set; } = true;

    internal long? LastHeartbeatD { get; set; }

    /// <summary>Payloads received with op <paramref name="op"/>.</summary>
    public IReadOnlyList<ReceivedPayload> ReceivedOp(int op) => [.. Received.Where(p => p.Op == op)];

    /// <summary>The most payloads received in any span of <paramref name="window"/> (fake clock).</summary>
    public int MaxReceivedInWindow(TimeSpan window)
    {
        var times = Received.Select(p => p.At).ToArray();
        var best = 0;
        var start = 0;
        for (var end = 0; end < times.Length; end++)
        {
            while (times[end] - times[start] >= window)
            {
                start++;
            }

            best = Math.Max(best, end - start + 1);
        }

        return best;
    }

    internal void Record(ReceivedPayload payload) => received.Add(payload);

    internal void RecordHeartbeat(ReceivedHeartbeat heartbeat) => heartbeats.Add(heartbeat);

    internal int CountSince(DateTimeOffset since) => received.Count(p => p.At > since);

    internal void Enqueue(Outgoing item) => outgoing.Writer.TryWrite(item);

    internal void CompleteOutgoing() => outgoing.Writer.TryComplete();
}

/// <summary>Something for the fake's writer loop to do on one connection.</summary>
internal sealed record Outgoing(byte[]? Payload = null, int? FrameSize = null, int? CloseCode = null, string? CloseReason = null, bool Abort = false);

/// <summary>A gateway session: its sequence counter and the dispatches a resume replays.</summary>
internal sealed class FakeSession(string id)
{
    public string Id { get; } = id;

    public long Sequence { get; set; }

    public bool Invalid { get; set; }

    /// <summary>The intents the session identified with.</summary>
    public int Intents { get; set; }

    /// <summary>The shard the session identified as: <c>shard[0]</c> of Identify, 0 without one.</summary>
    public int ShardId { get; set; }

    public List<(long Sequence, byte[] Payload)> Dispatches { get; } = [];
}
