using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace SupportBot.Discord.Gateway;

/// <summary>
/// A small Discord gateway v10 client for one shard: JSON text frames, no compression. It identifies (or resumes),
/// heartbeats with zombie detection, hands dispatches to an <see cref="IGatewayEventHandler"/> in order, and
/// reconnects as the gateway asks, until cancelled or a fatal close code.
/// </summary>
public sealed class DiscordGatewayClient
{
    /// <summary>The largest payload the gateway accepts; it closes with 4002 on bigger ones.</summary>
    public const int MaxPayloadBytes = 4096;

    private const int MaxReceiveBytes = 32 * 1024 * 1024;
    private const string ClientName = "SupportBot";

    /// <summary>Failed attempts on resume_gateway_url before resuming through the primary URL instead.</summary>
    private const int ResumeUrlAttempts = 3;

    private readonly GatewayClientOptions options;
    private readonly IGatewayEventHandler handler;
    private readonly TimeProvider time;
    private readonly ILogger<DiscordGatewayClient> logger;
    private readonly string token;
    private readonly Lock state = new();
    private readonly Queue<DateTimeOffset> identifyTimes = new();
    private TaskCompletionSource<GatewayConnection?> readySource = NewReadySource();
    private string? sessionId;
    private Uri? resumeUrl;
    private long? lastSequence;
    private string? applicationId;
    private string? botUserId;
    private readonly SessionStartBudget sessionStarts;
    private long heartbeatAcks;
    private int started;

    public DiscordGatewayClient(GatewayClientOptions options, IGatewayEventHandler handler, TimeProvider time, ILogger<DiscordGatewayClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        this.options = options;
        this.handler = handler;
        this.time = time;
        this.logger = logger;
        var raw = options.Token.Trim();
        token = raw.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase) ? raw[4..].Trim() : raw;
        sessionStarts = options.SessionStarts ?? new SessionStartBudget(options.IdentifyBudget, time);
    }

    /// <summary>The session from the last READY; null before it and after the session was dropped.</summary>
    public string? SessionId
    {
        get
        {
            lock (state)
            {
                return sessionId;
            }
        }
    }

    /// <summary>The application id from READY (<c>application.id</c>), for command and webhook routes.</summary>
    public string? ApplicationId
    {
        get
        {
            lock (state)
            {
                return applicationId;
            }
        }
    }

    /// <summary>The bot's own user id from READY (<c>user.id</c>).</summary>
    public string? BotUserId
    {
        get
        {
            lock (state)
            {
                return botUserId;
            }
        }
    }

    /// <summary>The highest sequence number received in this session.</summary>
    public long? LastSequence
    {
        get
        {
            lock (state)
            {
                return lastSequence;
            }
        }
    }

    /// <summary>Identifies left of <see cref="GatewayClientOptions.IdentifyBudget"/> (or the shared <see cref="GatewayClientOptions.SessionStarts"/>).</summary>
    public int RemainingIdentifies => sessionStarts.Remaining;

    /// <summary>The shard id for the Identify queue's bucket: 0 without sharding.</summary>
    private int ShardId => options.Shard?.Id ?? 0;

    /// <summary>A connection has got READY or RESUMED and is still open.</summary>
    public bool IsReady
    {
        get
        {
            lock (state)
            {
                return readySource.Task is { IsCompletedSuccessfully: true, Result: not null };
            }
        }
    }

    /// <summary>Heartbeat ACKs received so far (tests use it to know the client has seen one).</summary>
    internal long HeartbeatAcks => Interlocked.Read(ref heartbeatAcks);

    /// <summary>
    /// Connects and keeps the session going: resumes after op 7, drops and resumable close codes; identifies anew
    /// after op 9 false, 4007 and 4009. Runs once per client.
    /// </summary>
    /// <exception cref="GatewayFatalException">Close code 4004 or 4010–4014, or a new session is needed and the Identify budget is spent.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the socket is closed with 1000 first.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken, cancellationToken);

    /// <summary>
    /// <see cref="RunAsync(CancellationToken)"/> with a graceful stop: when <paramref name="cancellationToken"/> fires, the
    /// connection closes (1000) and nothing more is received, but the events already received are still handed to the
    /// handler, and the one it is handling finishes, until <paramref name="abortToken"/> fires as well.
    /// </summary>
    /// <param name="cancellationToken">Stop taking new work.</param>
    /// <param name="abortToken">Stop handling what was received (the host's shutdown timeout).</param>
    /// <exception cref="GatewayFatalException">Close code 4004 or 4010–4014, or a new session is needed and the Identify budget is spent.</exception>
    /// <exception cref="OperationCanceledException">Cancelled, after the events already received were handled.</exception>
    public async Task RunAsync(CancellationToken cancellationToken, CancellationToken abortToken)
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException("RunAsync runs once per client; create a new client to connect again.");
        }

        var dispatches = global::System.Threading.Channels.Channel.CreateUnbounded<GatewayDispatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var consumer = ConsumeDispatchesAsync(dispatches.Reader, abortToken);
        try
        {
            await ConnectLoopAsync(dispatches.Writer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (state)
            {
                if (!readySource.TrySetResult(null))
                {
                    readySource = NewReadySource();
                    readySource.SetResult(null);
                }
            }

            dispatches.Writer.TryComplete();
            await consumer.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends another payload (for example op 3, presence) on the current connection. It waits for READY or RESUMED and for
    /// the connection's send limit (120 per 60 s, a few kept for heartbeats); if the connection ends first, it goes out
    /// on the next one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="op"/> is one the client sends itself (1, 2, 6) or only receives.</exception>
    /// <exception cref="ArgumentException">The payload is over <see cref="MaxPayloadBytes"/>.</exception>
    /// <exception cref="InvalidOperationException"><see cref="RunAsync(CancellationToken)"/> has ended.</exception>
    public async Task SendAsync(int op, object? d, CancellationToken cancellationToken = default)
    {
        if (GatewayOpcodes.IsManaged(op))
        {
            throw new ArgumentOutOfRangeException(nameof(op), op, "Ops 0, 1, 2, 6, 7, 9, 10 and 11 are sent by the client itself or only received.");
        }

        var payload = Serialize(op, d);
        if (payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"The payload is {payload.Length} bytes; the gateway accepts at most {MaxPayloadBytes} (it closes with 4002 otherwise).", nameof(d));
        }

        while (true)
        {
            Task<GatewayConnection?> ready;
            lock (state)
            {
                ready = readySource.Task;
            }

            var connection = await ready.WaitAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The gateway client has stopped; nothing more can be sent.");
            try
            {
                await connection.SendAsync(payload, priority: false, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                logger.LogDebug("A payload with op {Op} waits for the next gateway connection: {Error}", op, ex.Message);
                await connection.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary><c>{url}/?v=10&amp;encoding=json</c>, keeping the URL's path (a resume URL may have one) and turning http(s) into ws(s).</summary>
    internal static Uri BuildConnectUri(Uri baseUrl)
    {
        var builder = new UriBuilder(baseUrl)
        {
            Query = "v=10&encoding=json",
            Fragment = "",
        };
        builder.Scheme = builder.Scheme switch
        {
            "https" => "wss",
            "http" => "ws",
            var scheme => scheme,
        };
        builder.Path = builder.Path.TrimEnd('/') + "/";
        return builder.Uri;
    }

    internal static byte[] Serialize(int op, object? d)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("op", op);
            writer.WritePropertyName("d");
            if (d is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                JsonSerializer.Serialize(writer, d, d.GetType());
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static TaskCompletionSource<GatewayConnection?> NewReadySource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string OperatingSystemName() =>
        OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsMacOS() ? "macos"
        : OperatingSystem.IsLinux() ? "linux"
        : "unknown";

    private static async Task<WebSocketMessageType> ReceiveMessageAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(8192), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return WebSocketMessageType.Close;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxReceiveBytes)
            {
                throw new InvalidDataException($"A gateway message is over {MaxReceiveBytes} bytes.");
            }

            if (result.EndOfMessage)
            {
                return result.MessageType;
            }
        }
    }

    private static bool TryParse(ReadOnlyMemory<byte> message, out JsonDocument document, out int op)
    {
        document = null!;
        op = -1;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException)
        {
            return false;
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("op", out var opElement)
            && opElement.TryGetInt32(out op))
        {
            return true;
        }

        document.Dispose();
        return false;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? NestedId(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var inner) ? StringProperty(inner, "id") : null;

    private async Task ConnectLoopAsync(ChannelWriter<GatewayDispatch> dispatches, CancellationToken cancellationToken)
    {
        var failedResumes = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var resumeTarget = ResumeTarget();
            if (resumeTarget is null)
            {
                if (!await sessionStarts.HasRemainingAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw NoIdentifyLeft();
                }

                await WaitForIdentifySlotAsync(cancellationToken).ConfigureAwait(false);
                if (options.IdentifyQueue is { } queue)
                {
                    logger.LogDebug("Waiting for the Identify slot of bucket {Lease}.", queue.LeaseName(ShardId));
                    await queue.WaitTurnAsync(ShardId, cancellationToken).ConfigureAwait(false);
                }
            }

            var end = await RunConnectionAsync(resumeTarget ?? options.GatewayUrl, resumeTarget is not null, dispatches, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            failedResumes = resumeTarget is not null && !end.WasReady && end.Action == CloseAction.Resume ? failedResumes + 1 : 0;
            if (failedResumes >= ResumeUrlAttempts)
            {
                failedResumes = 0;
                if (DropResumeUrl())
                {
                    logger.LogWarning("The resume URL failed {Attempts} times; resuming through the primary gateway URL.", ResumeUrlAttempts);
                }
            }

            switch (end.Action)
            {
                case CloseAction.Fatal:
                    var error = end.Error ?? new GatewayFatalException(end.CloseCode, GatewayCloseCodes.FatalHint(end.CloseCode ?? 0));
                    logger.LogCritical("The Discord gateway stopped for good: {Message}", error.Message);
                    throw error;
                case CloseAction.NewSession:
                    ClearSession();
                    logger.LogInformation("Gateway connection ended: {Reason}. Starting a new session.", end.Reason);
                    break;
                default:
                    logger.LogInformation("Gateway connection ended: {Reason}. Reconnecting to resume.", end.Reason);
                    break;
            }

            if (end.Delay || !end.WasReady)
            {
                var delay = options.ReconnectDelay();
                if (delay > TimeSpan.Zero)
                {
                    logger.LogDebug("Waiting {Delay} before reconnecting.", delay);
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<ConnectionEnd> RunConnectionAsync(Uri baseUrl, bool resuming, ChannelWriter<GatewayDispatch> dispatches, CancellationToken cancellationToken)
    {
        var uri = BuildConnectUri(baseUrl);
        using var socket = new ClientWebSocket();
        logger.LogInformation("Connecting to the Discord gateway at {Url} to {Mode}.", uri, resuming ? "resume" : "identify");
        try
        {
            using var connectTimeout = new CancellationTokenSource(options.HandshakeTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token);
            await socket.ConnectAsync(uri, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is WebSocketException or HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning("Could not connect to the Discord gateway at {Url}: {Error}", uri, ex.Message);
            return ConnectionEnd.Resume("could not connect", delay: true);
        }

        using var connection = new GatewayConnection(socket, resuming, time, options.HandshakeTimeout);
        ConnectionEnd end;
        using (cancellationToken.Register(
            static c => _ = ((GatewayConnection)c!).RequestCloseAsync(GatewayCloseCodes.NormalClosure, "shutting down", ConnectionEnd.Resume("shutting down")),
            connection))
        {
            try
            {
                end = await ReceiveLoopAsync(socket, connection, dispatches).ConfigureAwait(false);
            }
            finally
            {
                connection.Cancel();
                await connection.Heartbeat.ConfigureAwait(false);
                ConnectionLost(connection);
            }
        }

        return end with { WasReady = connection.IsReady };
    }

    private async Task<ConnectionEnd> ReceiveLoopAsync(ClientWebSocket socket, GatewayConnection connection, ChannelWriter<GatewayDispatch> dispatches)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        var helloSeen = false;
        try
        {
            while (true)
            {
                var type = await ReceiveMessageAsync(socket, buffer, connection.Token).ConfigureAwait(false);
                if (type == WebSocketMessageType.Close)
                {
                    return await OnClosedByServerAsync(socket, connection).ConfigureAwait(false);
                }

                if (connection.RequestedEnd is not null)
                {
                    // Closing: anything still arriving is replayed on resume (the sequence number didn't move).
                    continue;
                }

                if (type != WebSocketMessageType.Text || !TryParse(buffer.WrittenMemory, out var document, out var op))
                {
                    logger.LogWarning("The gateway sent a message that is not a JSON payload; reconnecting.");
                    await connection.RequestCloseAsync(GatewayCloseCodes.ResumeLater, "decode error", ConnectionEnd.Resume("an undecodable message")).ConfigureAwait(false);
                    continue;
                }

                using (document)
                {
                    var root = document.RootElement;
                    var d = root.TryGetProperty("d", out var data) ? data : default;
                    switch (op)
                    {
                        case GatewayOpcodes.Hello when !helloSeen:
                            helloSeen = true;
                            await OnHelloAsync(connection, d).ConfigureAwait(false);
                            break;
                        case GatewayOpcodes.Dispatch:
                            OnDispatch(connection, root, d, dispatches);
                            break;
                        case GatewayOpcodes.Heartbeat:
                            logger.LogDebug("The gateway asked for a heartbeat.");
                            await SendHeartbeatAsync(connection, connection.Token).ConfigureAwait(false);
                            break;
                        case GatewayOpcodes.HeartbeatAck:
                            connection.Acked = true;
                            Interlocked.Increment(ref heartbeatAcks);
                            break;
                        case GatewayOpcodes.Reconnect:
                            logger.LogInformation("The gateway asked to reconnect (op 7).");
                            await connection.RequestCloseAsync(GatewayCloseCodes.ResumeLater, "reconnect requested", ConnectionEnd.Resume("the gateway asked to reconnect (op 7)")).ConfigureAwait(false);
                            break;
                        case GatewayOpcodes.InvalidSession:
                            await OnInvalidSessionAsync(connection, d.ValueKind == JsonValueKind.True).ConfigureAwait(false);
                            break;
                        default:
                            logger.LogDebug("Ignoring gateway op {Op}.", op);
                            break;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            return connection.RequestedEnd
                ?? (helloSeen ? ConnectionEnd.Resume("the connection was cut") : ConnectionEnd.Resume("no Hello in time", delay: true));
        }
        catch (WebSocketException ex)
        {
            return connection.RequestedEnd ?? ConnectionEnd.Resume($"the connection dropped without a close code ({ex.Message})");
        }
        catch (InvalidDataException ex)
        {
            logger.LogWarning("{Error} Reconnecting.", ex.Message);
            return ConnectionEnd.Resume("an oversized message");
        }
    }

    private async Task<ConnectionEnd> OnClosedByServerAsync(ClientWebSocket socket, GatewayConnection connection)
    {
        if (connection.RequestedEnd is { } requested)
        {
            return requested;
        }

        int? code = socket.CloseStatus is { } status and not WebSocketCloseStatus.Empty ? (int)status : null;
        var description = socket.CloseStatusDescription;
        logger.LogInformation("The gateway closed the connection with {Code} {Name} ({Description}).", code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code", code is { } c ? GatewayCloseCodes.Name(c) : "", description);

        // Answer the close without 1000, which would end the session.
        await connection.CloseOutputAsync(GatewayCloseCodes.ResumeLater, "").ConfigureAwait(false);
        return GatewayCloseCodes.Classify(code) switch
        {
            CloseAction.Fatal => ConnectionEnd.Fatal(new GatewayFatalException(code, GatewayCloseCodes.FatalHint(code ?? 0), description)),
            CloseAction.NewSession => ConnectionEnd.NewSession($"close code {code} {GatewayCloseCodes.Name(code ?? 0)}", closeCode: code),
            _ => ConnectionEnd.Resume(code is null ? "closed without a code" : $"close code {code} {GatewayCloseCodes.Name(code.Value)}", closeCode: code),
        };
    }

    private async Task OnHelloAsync(GatewayConnection connection, JsonElement d)
    {
        if (d.ValueKind != JsonValueKind.Object
            || !d.TryGetProperty("heartbeat_interval", out var intervalElement)
            || !intervalElement.TryGetDouble(out var milliseconds)
            || milliseconds <= 0)
        {
            logger.LogWarning("The gateway's Hello has no valid heartbeat_interval; reconnecting.");
            await connection.RequestCloseAsync(GatewayCloseCodes.ResumeLater, "bad hello", ConnectionEnd.Resume("a Hello without heartbeat_interval", delay: true)).ConfigureAwait(false);
            return;
        }

        var interval = TimeSpan.FromMilliseconds(milliseconds);
        connection.HelloReceived();
        connection.Limiter.Reserved = GatewaySendLimiter.HeartbeatReserveFor(interval, GatewaySendLimiter.DiscordWindow);
        logger.LogDebug("Hello: heartbeat every {Interval}.", interval);
        connection.Heartbeat = HeartbeatLoopAsync(connection, interval);
        if (connection.Resuming)
        {
            await SendResumeAsync(connection).ConfigureAwait(false);
        }
        else
        {
            await SendIdentifyAsync(connection).ConfigureAwait(false);
        }
    }

    private void OnDispatch(GatewayConnection connection, JsonElement root, JsonElement d, ChannelWriter<GatewayDispatch> dispatches)
    {
        var name = StringProperty(root, "t") ?? "";
        long? sequence = root.TryGetProperty("s", out var s) && s.TryGetInt64(out var value) ? value : null;
        lock (state)
        {
            if (sequence is { } seq && (lastSequence is null || seq > lastSequence))
            {
                lastSequence = seq;
            }

            if (name == "READY")
            {
                sessionId = StringProperty(d, "session_id");
                resumeUrl = Uri.TryCreate(StringProperty(d, "resume_gateway_url"), UriKind.Absolute, out var url) ? url : null;
                botUserId = NestedId(d, "user");
                applicationId = NestedId(d, "application");
            }
        }

        if (name is "READY" or "RESUMED")
        {
            connection.MarkReady();
            lock (state)
            {
                readySource.TrySetResult(connection);
            }

            if (name == "READY")
            {
                logger.LogInformation("Gateway READY: session {SessionId}, bot user {BotUserId}, application {ApplicationId}.", SessionId, BotUserId, ApplicationId);
            }
            else
            {
                logger.LogInformation("Gateway session resumed at sequence {Sequence}.", LastSequence);
            }
        }

        dispatches.TryWrite(new GatewayDispatch(name, d.ValueKind == JsonValueKind.Undefined ? default : d.Clone()));
    }

    private async Task OnInvalidSessionAsync(GatewayConnection connection, bool resumable)
    {
        if (resumable)
        {
            logger.LogInformation("The gateway says the session is invalid but resumable (op 9 true).");
            await connection.RequestCloseAsync(GatewayCloseCodes.ResumeLater, "invalid session", ConnectionEnd.Resume("invalid session, resumable (op 9 true)", delay: true)).ConfigureAwait(false);
        }
        else
        {
            logger.LogInformation("The gateway says the session is invalid (op 9 false); a new one follows.");
            await connection.RequestCloseAsync(GatewayCloseCodes.NormalClosure, "invalid session", ConnectionEnd.NewSession("invalid session (op 9 false)", delay: true)).ConfigureAwait(false);
        }
    }

    private async Task HeartbeatLoopAsync(GatewayConnection connection, TimeSpan interval)
    {
        var token = connection.Token;
        try
        {
            var jitter = options.HeartbeatJitter();
            jitter = double.IsFinite(jitter) ? Math.Clamp(jitter, 0, 1) : 0;
            await Task.Delay(interval * jitter, time, token).ConfigureAwait(false);
            while (true)
            {
                if (!connection.Acked)
                {
                    logger.LogWarning("No heartbeat ACK since the last heartbeat: the connection is a zombie. Closing it to resume.");
                    await connection.RequestCloseAsync(GatewayCloseCodes.ResumeLater, "heartbeat not acknowledged", ConnectionEnd.Resume("no heartbeat ACK (zombie connection)")).ConfigureAwait(false);
                    return;
                }

                connection.Acked = false;
                await SendHeartbeatAsync(connection, token).ConfigureAwait(false);
                await Task.Delay(interval, time, token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The connection is over.
        }
        catch (WebSocketException ex)
        {
            logger.LogWarning("A heartbeat could not be sent: {Error}", ex.Message);
            connection.Cancel();
        }
    }

    private Task SendHeartbeatAsync(GatewayConnection connection, CancellationToken cancellationToken) =>
        connection.SendAsync(Serialize(GatewayOpcodes.Heartbeat, LastSequence), priority: true, cancellationToken);

    private async Task SendIdentifyAsync(GatewayConnection connection)
    {
        if (!sessionStarts.TryTake())
        {
            await connection.RequestCloseAsync(GatewayCloseCodes.NormalClosure, "no identify left", ConnectionEnd.Fatal(NoIdentifyLeft())).ConfigureAwait(false);
            return;
        }

        lock (state)
        {
            identifyTimes.Enqueue(time.GetUtcNow());
        }

        var d = new JsonObject
        {
            ["token"] = token,
            ["intents"] = options.Intents,
            ["properties"] = new JsonObject
            {
                ["os"] = OperatingSystemName(),
                ["browser"] = ClientName,
                ["device"] = ClientName,
            },
            ["compress"] = false,
        };
        if (options.Shard is { Count: > 1 } shard)
        {
            d["shard"] = new JsonArray(shard.Id, shard.Count);
        }

        logger.LogInformation("Identifying with intents {Intents}{Shard}; {Remaining} identifies left.", options.Intents, options.Shard is { Count: > 1 } s ? $" as shard [{s.Id}, {s.Count}]" : "", RemainingIdentifies);
        await connection.SendAsync(Serialize(GatewayOpcodes.Identify, d), priority: true, connection.Token).ConfigureAwait(false);
    }

    private async Task SendResumeAsync(GatewayConnection connection)
    {
        string? session;
        long? sequence;
        lock (state)
        {
            session = sessionId;
            sequence = lastSequence;
        }

        if (session is null || sequence is null)
        {
            await connection.RequestCloseAsync(GatewayCloseCodes.ResumeLater, "nothing to resume", ConnectionEnd.NewSession("no session to resume")).ConfigureAwait(false);
            return;
        }

        var d = new JsonObject
        {
            ["token"] = token,
            ["session_id"] = session,
            ["seq"] = sequence.Value,
        };
        logger.LogInformation("Resuming session {SessionId} from sequence {Sequence}.", session, sequence);
        await connection.SendAsync(Serialize(GatewayOpcodes.Resume, d), priority: true, connection.Token).ConfigureAwait(false);
    }

    private async Task WaitForIdentifySlotAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (state)
            {
                var now = time.GetUtcNow();
                while (identifyTimes.Count > 0 && now - identifyTimes.Peek() >= options.IdentifyWindow)
                {
                    identifyTimes.Dequeue();
                }

                if (identifyTimes.Count < options.MaxConcurrency)
                {
                    return;
                }

                wait = identifyTimes.Peek() + options.IdentifyWindow - now;
            }

            logger.LogDebug("Waiting {Wait} for an Identify slot (max_concurrency {MaxConcurrency}).", wait, options.MaxConcurrency);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ConsumeDispatchesAsync(ChannelReader<GatewayDispatch> reader, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var dispatch in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await handler.OnDispatchAsync(dispatch.Name, dispatch.Data, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "The gateway event handler failed on {Event}.", dispatch.Name);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private Uri? ResumeTarget()
    {
        lock (state)
        {
            return sessionId is not null && lastSequence is not null ? resumeUrl ?? options.GatewayUrl : null;
        }
    }

    private void ClearSession()
    {
        lock (state)
        {
            sessionId = null;
            resumeUrl = null;
            lastSequence = null;
        }
    }

    private bool DropResumeUrl()
    {
        lock (state)
        {
            var had = resumeUrl is not null;
            resumeUrl = null;
            return had;
        }
    }

    private void ConnectionLost(GatewayConnection connection)
    {
        lock (state)
        {
            if (readySource.Task is { IsCompletedSuccessfully: true } ready && ready.Result == connection)
            {
                readySource = NewReadySource();
            }
        }
    }

    private GatewayFatalException NoIdentifyLeft() => new(
        null,
        "no Identify is left of the budget (session_start_limit.remaining is 0). Going over the daily limit "
        + "ends every session and resets the token, so the client stops instead. Start again after session_start_limit.reset_after"
        + (sessionStarts.ResetsAt == DateTimeOffset.MaxValue ? "." : $" ({sessionStarts.ResetsAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)."));

    private readonly record struct GatewayDispatch(string Name, JsonElement Data);
}
