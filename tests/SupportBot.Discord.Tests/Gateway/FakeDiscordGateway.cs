using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SupportBot.Discord.Tests.Gateway;

/// <summary>Settings for <see cref="FakeDiscordGateway"/>.</summary>
public sealed class FakeGatewayOptions
{
    /// <summary>The only token Identify and Resume accept (others get close 4004).</summary>
    public string Token { get; init; } = "test-token";

    /// <summary>Hello's <c>heartbeat_interval</c>.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>False: Identify with a privileged intent (GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT) gets close 4014.</summary>
    public bool PrivilegedIntentsEnabled { get; init; } = true;

    /// <summary>False: no Hello is sent (for Hello-timeout tests).</summary>
    public bool SendHello { get; init; } = true;

    /// <summary>True: READY waits for <see cref="FakeDiscordGateway.ReleaseReady"/> after an accepted Identify.</summary>
    public bool HoldReady { get; init; }

    /// <summary>False: the resume path <c>/r</c> answers 503 instead of upgrading (an unreachable resume URL).</summary>
    public bool ResumePathAvailable { get; init; } = true;

    /// <summary>The clock for arrival times and the send limit.</summary>
    public TimeProvider TimeProvider { get; init; } = TestClock.Instance;

    /// <summary>Payloads a connection may send per <see cref="SendWindow"/>; one more gets close 4008, as at Discord.</summary>
    public int SendLimit { get; init; } = 120;

    public TimeSpan SendWindow { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan DefaultWaitTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>READY's <c>user.username</c> (and <c>global_name</c>): the bot's own name.</summary>
    public string BotUsername { get; init; } = "bot";
}

/// <summary>
/// A fake Discord gateway v10 on a loopback port (Kestrel + WebSockets) that follows the documented protocol:
/// it checks <c>?v=10&amp;encoding=json</c>, sends Hello, expects Identify (token, intents, properties) or Resume,
/// acknowledges heartbeats and checks their sequence, sends READY with a <c>resume_gateway_url</c> pointing at its
/// <c>/r</c> path, replays missed dispatches on Resume and then sends RESUMED. It closes with Discord's codes when the
/// client breaks a rule (4001–4005, 4007, 4008, 4010, 4013, 4014) and records every rule broken in
/// <see cref="Violations"/>. Tests drive it with dispatches, op 7, op 9, closes, drops, heartbeat requests and
/// stopped ACKs. Controls act on the newest open connection. All members are thread-safe.
/// </summary>
public sealed class FakeDiscordGateway : IAsyncDisposable
{
    /// <summary>READY's <c>user.id</c>.</summary>
    public const string BotUserId = "100";

    /// <summary>READY's <c>application.id</c>.</summary>
    public const string ApplicationId = "200";

    private const int MaxPayloadBytes = 4096;
    private const int PrivilegedIntents = (1 << 1) | (1 << 8) | (1 << 15);
    private const int KnownIntents = (1 << 26) - 1;
    private const int GuildMembersIntent = 1 << 1;

    private readonly Lock gate = new();
    private readonly FakeGatewayOptions options;
    private readonly CancellationTokenSource disposing = new();
    private readonly List<FakeGatewayConnection> connections = [];
    private readonly Dictionary<string, FakeSession> sessions = [];
    private readonly List<string> violations = [];
    private readonly List<DateTimeOffset> identifyTimes = [];
    private TaskCompletionSource changed = NewSignal();
    private FakeSession? currentSession;
    private WebApplication? app;
    private int resumes;
    private int rejectedResumeAttempts;
    private int disposed;

    private FakeDiscordGateway(FakeGatewayOptions options) => this.options = options;

    /// <summary>The primary gateway URL, <c>ws://127.0.0.1:{port}/</c>.</summary>
    public Uri Url { get; private set; } = new("ws://127.0.0.1/");

    /// <summary>The resume URL READY hands out, <c>ws://127.0.0.1:{port}/r</c>.</summary>
    public Uri ResumeUrl => new(Url, "r");

    public string Token => options.Token;

    /// <summary>Every connection so far, oldest first.</summary>
    public IReadOnlyList<FakeGatewayConnection> Connections
    {
        get
        {
            lock (gate)
            {
                return [.. connections];
            }
        }
    }

    /// <summary>Accepted Identifies.</summary>
    public int IdentifyCount
    {
        get
        {
            lock (gate)
            {
                return identifyTimes.Count;
            }
        }
    }

    /// <summary>When each accepted Identify arrived (fake clock).</summary>
    public IReadOnlyList<DateTimeOffset> IdentifyTimes
    {
        get
        {
            lock (gate)
            {
                return [.. identifyTimes];
            }
        }
    }

    /// <summary>Accepted Resumes.</summary>
    public int ResumeCount
    {
        get
        {
            lock (gate)
            {
                return resumes;
            }
        }
    }

    /// <summary>Connection attempts on <c>/r</c> refused because <see cref="FakeGatewayOptions.ResumePathAvailable"/> is false.</summary>
    public int RejectedResumeAttempts
    {
        get
        {
            lock (gate)
            {
                return rejectedResumeAttempts;
            }
        }
    }

    /// <summary>Protocol rules the client broke, in order. Tests expect this to stay empty.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (gate)
            {
                return [.. violations];
            }
        }
    }

    /// <summary>The newest session's id (S1, S2…).</summary>
    public string? CurrentSessionId
    {
        get
        {
            lock (gate)
            {
                return currentSession?.Id;
            }
        }
    }

    /// <summary>The newest session's last sequence number.</summary>
    public long CurrentSequence
    {
        get
        {
            lock (gate)
            {
                return currentSession?.Sequence ?? 0;
            }
        }
    }

    /// <summary>Starts a fake on <c>127.0.0.1:{free port}</c>.</summary>
    public static async Task<FakeDiscordGateway> StartAsync(FakeGatewayOptions? options = null)
    {
        var fake = new FakeDiscordGateway(options ?? new FakeGatewayOptions());
        try
        {
            await fake.StartHostAsync();
            return fake;
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }
    }

    /// <summary>A DM <c>MESSAGE_CREATE</c> payload from user 500 in channel 400, with no <c>guild_id</c>.</summary>
    public static JsonObject DmMessage(string content = "hi", string id = "300") => new()
    {
        ["id"] = id,
        ["channel_id"] = "400",
        ["author"] = new JsonObject { ["id"] = "500", ["username"] = "u" },
        ["content"] = content,
        ["type"] = 0,
    };

    /// <summary>A guild <c>MESSAGE_CREATE</c> as it arrives without MESSAGE_CONTENT: empty content.</summary>
    public static JsonObject GuildMessage(string id = "301") => new()
    {
        ["id"] = id,
        ["channel_id"] = "401",
        ["guild_id"] = "600",
        ["author"] = new JsonObject { ["id"] = "500", ["username"] = "u" },
        ["content"] = "",
        ["type"] = 0,
    };

    /// <summary>
    /// Adds a dispatch to the current session and returns its sequence number; a <c>GUILD_MEMBER_*</c> event is dropped
    /// unless the session asked for GUILD_MEMBERS, as Discord does. With <paramref name="deliver"/> it is sent
    /// on the session's open, ready connection (split into frames of <paramref name="frameSize"/> bytes if given);
    /// without, or when no such connection exists, it only waits to be replayed by a Resume. With
    /// <paramref name="shard"/> it goes to the session of the newest open, ready connection that identified as that shard
    /// instead (Discord sends a guild's events on its shard, and DMs on shard 0 only).
    /// </summary>
    public long SendDispatch(string eventName, object data, bool deliver = true, int? frameSize = null, int? shard = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var node = data as JsonNode ?? JsonSerializer.SerializeToNode(data);
        lock (gate)
        {
            var session = shard is { } shardId
                ? connections.LastOrDefault(c => !c.Ended && c.Ready && !c.Leaving && c.Session?.ShardId == shardId)?.Session
                    ?? throw new InvalidOperationException($"No open, ready connection runs shard {shardId}.")
                : currentSession ?? throw new InvalidOperationException("No session yet: the client has not identified.");
            if (eventName.StartsWith("GUILD_MEMBER_", StringComparison.Ordinal) && (session.Intents & GuildMembersIntent) == 0)
            {
                // Discord sends member events only to sessions with the privileged GUILD_MEMBERS intent.
                return session.Sequence;
            }

            var sequence = ++session.Sequence;
            var payload = DispatchBytes(eventName, sequence, node);
            session.Dispatches.Add((sequence, payload));
            if (deliver)
            {
                var target = connections.LastOrDefault(c => !c.Ended && c.Session == session && c.Ready && !c.Leaving);
                target?.Enqueue(new Outgoing(payload, frameSize));
            }

            return sequence;
        }
    }

    /// <summary>Sends op 7 Reconnect on the newest open connection; it gets no more dispatches.</summary>
    public void SendReconnect() => Control(c =>
    {
        c.Leaving = true;
        c.Enqueue(new Outgoing(Bytes(new JsonObject { ["op"] = 7, ["d"] = null })));
    });

    /// <summary>Sends op 9; with <c>false</c> the session is gone, so a later Resume gets op 9 false again.</summary>
    public void SendInvalidSession(bool resumable) => Control(c =>
    {
        c.Leaving = true;
        if (!resumable && c.Session is { } session)
        {
            session.Invalid = true;
        }

        c.Enqueue(new Outgoing(Bytes(new JsonObject { ["op"] = 9, ["d"] = resumable })));
    });

    /// <summary>Closes the newest open connection with <paramref name="code"/>; 4007 and 4009 also end its session.</summary>
    public void Close(int code, string reason = "") => Control(c => CloseLocked(c, code, reason));

    /// <summary>Drops the newest open connection without a close frame.</summary>
    public void Drop() => Control(c =>
    {
        c.Leaving = true;
        c.Enqueue(new Outgoing(Abort: true));
    });

    /// <summary>The newest open connection stops answering heartbeats with op 11 (a zombie connection).</summary>
    public void StopAcking() => Control(c => c.Acking = false);

    /// <summary>Sends op 1: the client must heartbeat at once.</summary>
    public void SendHeartbeatRequest() => Control(c => c.Enqueue(new Outgoing(Bytes(new JsonObject { ["op"] = 1, ["d"] = null }))));

    /// <summary>Sends the READY held back by <see cref="FakeGatewayOptions.HoldReady"/> on the newest open connection.</summary>
    public void ReleaseReady() => Control(c =>
    {
        var ready = c.PendingReady ?? throw new InvalidOperationException("No READY is held on the newest connection.");
        c.PendingReady = null;
        c.Ready = true;
        c.Enqueue(new Outgoing(ready));
    });

    /// <summary>Waits until <paramref name="condition"/> holds; it is checked after every change in the fake.</summary>
    /// <exception cref="TimeoutException">The condition did not hold in time.</exception>
    public async Task WaitUntilAsync(Func<bool> condition, string description, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? options.DefaultWaitTimeout;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Task signal;
            lock (gate)
            {
                signal = changed.Task;
            }

            if (condition())
            {
                return;
            }

            var remaining = limit - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.###} s waiting for {description}. Violations: [{string.Join("; ", Violations)}]");
            }

            try
            {
                await signal.WaitAsync(remaining, disposing.Token);
            }
            catch (TimeoutException)
            {
                // Checked once more at the top, then reported.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await disposing.CancelAsync();
        if (app is not null)
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await app.StopAsync(stopTimeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Shutting down anyway.
            }

            await app.DisposeAsync();
        }

        disposing.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static byte[] DispatchBytes(string eventName, long sequence, JsonNode? data) => Bytes(new JsonObject
    {
        ["op"] = 0,
        ["t"] = eventName,
        ["s"] = sequence,
        ["d"] = data?.DeepClone(),
    });

    private static bool IsInteger(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }

    private static bool HasString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String;

    private static async Task<(WebSocketMessageType Type, byte[] Bytes)> ReceiveMessageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, []);
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, buffer.WrittenSpan.ToArray());
            }
        }
    }

    private async Task StartHostAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeDiscordGateway).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.UseWebSockets();
        app.Run(HandleHttpAsync);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        Url = new Uri($"ws://127.0.0.1:{address.Port}/");
    }

    private async Task HandleHttpAsync(HttpContext context)
    {
        var path = context.Request.Path.Value?.TrimEnd('/') ?? "";
        if (path is not ("" or "/r"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (path == "/r" && !options.ResumePathAvailable)
        {
            lock (gate)
            {
                rejectedResumeAttempts++;
                Changed();
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var query = context.Request.QueryString.Value?.TrimStart('?') ?? "";
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        FakeGatewayConnection connection;
        lock (gate)
        {
            connection = new FakeGatewayConnection(gate, connections.Count, path == "" ? "/" : "/r", query, socket);
            connections.Add(connection);
            Changed();
        }

        var writer = WriteLoopAsync(connection);
        try
        {
            lock (gate)
            {
                var v = context.Request.Query["v"].ToString();
                var encoding = context.Request.Query["encoding"].ToString();
                if (v != "10")
                {
                    Violation(connection, $"query '{query}' does not ask for v=10");
                    CloseLocked(connection, 4012, "Invalid API version");
                }
                else if (encoding != "json" || context.Request.Query.ContainsKey("compress"))
                {
                    Violation(connection, $"query '{query}' is not encoding=json without compress");
                    CloseLocked(connection, 4002, "Decode error");
                }
                else if (options.SendHello)
                {
                    connection.Enqueue(new Outgoing(Bytes(new JsonObject
                    {
                        ["op"] = 10,
                        ["d"] = new JsonObject { ["heartbeat_interval"] = (long)options.HeartbeatInterval.TotalMilliseconds },
                    })));
                }
            }

            await ReadLoopAsync(connection);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client dropped the connection, or the fake is stopping.
        }
        finally
        {
            lock (gate)
            {
                connection.Ended = true;
                connection.CompleteOutgoing();
                Changed();
            }

            await writer;
            socket.Abort();
        }
    }

    private async Task ReadLoopAsync(FakeGatewayConnection connection)
    {
        var socket = connection.Socket;
        while (true)
        {
            var (type, bytes) = await ReceiveMessageAsync(socket, disposing.Token);
            if (type == WebSocketMessageType.Close)
            {
                lock (gate)
                {
                    var code = socket.CloseStatus is { } status and not WebSocketCloseStatus.Empty ? (int)status : (int?)null;
                    connection.ClientCloseCode = code;
                    if (code is 1000 or 1001 && connection.Session is { } session)
                    {
                        // A client close with 1000/1001 ends the session.
                        session.Invalid = true;
                    }

                    if (connection.ServerCloseCode is null)
                    {
                        connection.Enqueue(new Outgoing(CloseCode: code ?? 1000, CloseReason: ""));
                    }

                    connection.Leaving = true;
                    Changed();
                }

                return;
            }

            lock (gate)
            {
                OnMessageLocked(connection, type, bytes);
                Changed();
            }
        }
    }

    private void OnMessageLocked(FakeGatewayConnection connection, WebSocketMessageType type, byte[] bytes)
    {
        if (connection.ServerCloseCode is not null)
        {
            // Closing: the client may still have had something in flight.
            return;
        }

        var now = options.TimeProvider.GetUtcNow();
        if (type != WebSocketMessageType.Text)
        {
            Violation(connection, "a binary frame");
            CloseLocked(connection, 4002, "Decode error");
            return;
        }

        if (bytes.Length > MaxPayloadBytes)
        {
            Violation(connection, $"a {bytes.Length}-byte payload (over {MaxPayloadBytes})");
            CloseLocked(connection, 4002, "Decode error");
            return;
        }

        JsonElement payload;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            payload = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            Violation(connection, "a payload that is not JSON");
            CloseLocked(connection, 4002, "Decode error");
            return;
        }

        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("op", out var opElement) || !opElement.TryGetInt32(out var op))
        {
            Violation(connection, "a payload without an integer op");
            CloseLocked(connection, 4002, "Decode error");
            return;
        }

        var record = new ReceivedPayload(op, payload, now, bytes.Length);
        connection.Record(record);
        if (connection.CountSince(now - options.SendWindow) > options.SendLimit)
        {
            Violation(connection, $"more than {options.SendLimit} payloads in {options.SendWindow.TotalSeconds:0.###} s");
            CloseLocked(connection, 4008, "Rate limited.");
            return;
        }

        var d = record.D;
        switch (op)
        {
            case 1:
                OnHeartbeatLocked(connection, d);
                break;
            case 2:
                OnIdentifyLocked(connection, d, now);
                break;
            case 6:
                OnResumeLocked(connection, d);
                break;
            case 3 or 4 or 8 or 31:
                if (!connection.Authenticated)
                {
                    Violation(connection, $"op {op} before Identify");
                    CloseLocked(connection, 4003, "Not authenticated.");
                }
                else if (!connection.Ready)
                {
                    Violation(connection, $"op {op} before READY/RESUMED");
                }

                break;
            default:
                Violation(connection, $"unknown op {op}");
                CloseLocked(connection, 4001, "Unknown opcode.");
                break;
        }
    }

    private void OnHeartbeatLocked(FakeGatewayConnection connection, JsonElement d)
    {
        long? value = null;
        if (IsInteger(d, out var number))
        {
            value = number;
        }
        else if (d.ValueKind != JsonValueKind.Null)
        {
            Violation(connection, $"a heartbeat whose d is {d.ValueKind}, not a sequence or null");
        }

        var serverSequence = connection.Session?.Sequence;
        connection.RecordHeartbeat(new ReceivedHeartbeat(value, serverSequence));
        if (value is { } seq && serverSequence is { } sent && seq > sent)
        {
            Violation(connection, $"heartbeat d {seq} is ahead of the last sequence sent ({sent})");
        }

        if (value < connection.LastHeartbeatD)
        {
            Violation(connection, $"heartbeat d went back from {connection.LastHeartbeatD} to {value}");
        }

        connection.LastHeartbeatD = value ?? connection.LastHeartbeatD;
        if (connection.Acking)
        {
            connection.Enqueue(new Outgoing(Bytes(new JsonObject { ["op"] = 11 })));
        }
    }

    private void OnIdentifyLocked(FakeGatewayConnection connection, JsonElement d, DateTimeOffset now)
    {
        if (connection.Authenticated)
        {
            Violation(connection, "a second Identify/Resume on one connection");
            CloseLocked(connection, 4005, "Already authenticated.");
            return;
        }

        if (!HasString(d, "token") || d.GetProperty("token").GetString() != options.Token)
        {
            CloseLocked(connection, 4004, "Authentication failed.");
            return;
        }

        if (!d.TryGetProperty("intents", out var intentsElement) || !intentsElement.TryGetInt32(out var intents)
            || !d.TryGetProperty("properties", out var properties)
            || !HasString(properties, "os") || !HasString(properties, "browser") || !HasString(properties, "device"))
        {
            Violation(connection, "an Identify without integer intents and properties {os, browser, device}");
            CloseLocked(connection, 4002, "Decode error");
            return;
        }

        if (d.TryGetProperty("shard", out var shard)
            && (shard.ValueKind != JsonValueKind.Array || shard.GetArrayLength() != 2
                || !shard[0].TryGetInt32(out var shardId) || !shard[1].TryGetInt32(out var shardCount)
                || shardCount < 1 || shardId < 0 || shardId >= shardCount))
        {
            CloseLocked(connection, 4010, "Invalid shard.");
            return;
        }

        if ((intents & ~KnownIntents) != 0)
        {
            CloseLocked(connection, 4013, "Invalid intent(s).");
            return;
        }

        if (!options.PrivilegedIntentsEnabled && (intents & PrivilegedIntents) != 0)
        {
            CloseLocked(connection, 4014, "Disallowed intent(s).");
            return;
        }

        identifyTimes.Add(now);
        // Without a shard array the session is shard 0 of 1.
        var session = new FakeSession($"S{identifyTimes.Count}") { Intents = intents, ShardId = d.TryGetProperty("shard", out var shardOf) ? shardOf[0].GetInt32() : 0 };
        sessions[session.Id] = session;
        currentSession = session;
        connection.Authenticated = true;
        connection.Session = session;
        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user"] = new JsonObject { ["id"] = BotUserId, ["username"] = options.BotUsername, ["global_name"] = options.BotUsername, ["bot"] = true },
            ["guilds"] = new JsonArray(),
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = ResumeUrl.ToString(),
            ["application"] = new JsonObject { ["id"] = ApplicationId, ["flags"] = 0 },
        };
        if (d.TryGetProperty("shard", out var shardArray))
        {
            ready["shard"] = JsonNode.Parse(shardArray.GetRawText());
        }

        var readyBytes = DispatchBytes("READY", ++session.Sequence, ready);
        if (options.HoldReady)
        {
            connection.PendingReady = readyBytes;
        }
        else
        {
            connection.Ready = true;
            connection.Enqueue(new Outgoing(readyBytes));
        }
    }

    private void OnResumeLocked(FakeGatewayConnection connection, JsonElement d)
    {
        if (connection.Authenticated)
        {
            Violation(connection, "a second Identify/Resume on one connection");
            CloseLocked(connection, 4005, "Already authenticated.");
            return;
        }

        if (!HasString(d, "token") || d.GetProperty("token").GetString() != options.Token)
        {
            CloseLocked(connection, 4004, "Authentication failed.");
            return;
        }

        if (!HasString(d, "session_id") || !d.TryGetProperty("seq", out var seqElement) || !IsInteger(seqElement, out var seq))
        {
            Violation(connection, "a Resume without session_id and integer seq");
            CloseLocked(connection, 4002, "Decode error");
            return;
        }

        if (!sessions.TryGetValue(d.GetProperty("session_id").GetString()!, out var session) || session.Invalid)
        {
            connection.Leaving = true;
            connection.Enqueue(new Outgoing(Bytes(new JsonObject { ["op"] = 9, ["d"] = false })));
            return;
        }

        if (seq > session.Sequence)
        {
            CloseLocked(connection, 4007, "Invalid seq.");
            return;
        }

        resumes++;
        foreach (var other in connections.Where(c => c != connection && c.Session == session && !c.Ended))
        {
            // The session moves to the new connection.
            other.Leaving = true;
        }

        connection.Authenticated = true;
        connection.Session = session;
        foreach (var (sequence, payload) in session.Dispatches.Where(e => e.Sequence > seq))
        {
            connection.Enqueue(new Outgoing(payload));
        }

        connection.Ready = true;
        connection.Enqueue(new Outgoing(DispatchBytes("RESUMED", ++session.Sequence, new JsonObject())));
    }

    private void Control(Action<FakeGatewayConnection> action)
    {
        lock (gate)
        {
            var connection = connections.LastOrDefault(c => !c.Ended && c.ServerCloseCode is null)
                ?? throw new InvalidOperationException("No open connection.");
            action(connection);
            Changed();
        }
    }

    private void CloseLocked(FakeGatewayConnection connection, int code, string reason)
    {
        connection.ServerCloseCode = code;
        connection.Leaving = true;
        if (code is 4007 or 4009 && connection.Session is { } session)
        {
            session.Invalid = true;
        }

        connection.Enqueue(new Outgoing(CloseCode: code, CloseReason: reason));
    }

    private void Violation(FakeGatewayConnection connection, string what) =>
        violations.Add(string.Create(CultureInfo.InvariantCulture, $"connection {connection.Index} ({connection.Path}): {what}"));

    private void Changed()
    {
        changed.TrySetResult();
        changed = NewSignal();
    }

    private async Task WriteLoopAsync(FakeGatewayConnection connection)
    {
        var socket = connection.Socket;
        try
        {
            await foreach (var item in connection.Outgoing.ReadAllAsync(disposing.Token))
            {
                if (item.Abort)
                {
                    socket.Abort();
                    return;
                }

                if (item.CloseCode is { } code)
                {
                    if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync((WebSocketCloseStatus)code, item.CloseReason, disposing.Token);
                    }

                    return;
                }

                if (item.Payload is { } payload && socket.State == WebSocketState.Open)
                {
                    var size = item.FrameSize is > 0 ? item.FrameSize.Value : payload.Length;
                    for (var offset = 0; offset < payload.Length; offset += size)
                    {
                        var count = Math.Min(size, payload.Length - offset);
                        await socket.SendAsync(payload.AsMemory(offset, count), WebSocketMessageType.Text, offset + count >= payload.Length, disposing.Token);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is gone.
        }
    }
}
