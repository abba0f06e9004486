namespace SupportBot.Discord.Gateway;

/// <summary>Settings for one <see cref="DiscordGatewayClient"/> (one shard).</summary>
public sealed record GatewayClientOptions
{
    /// <summary>The bot token, sent raw in Identify (a leading <c>"Bot "</c> is removed). Never logged.</summary>
    public required string Token { get; init; }

    /// <summary>Intent bits, see <see cref="GatewayIntents"/>.</summary>
    public required int Intents { get; init; }

    /// <summary>The gateway URL from <c>GET /gateway/bot</c> (or a test fake); <c>/?v=10&amp;encoding=json</c> is added. ws, wss, http and https are accepted.</summary>
    public required Uri GatewayUrl { get; init; }

    /// <summary><c>[shard_id, num_shards]</c>; sent in Identify only when the count is above 1.</summary>
    public (int Id, int Count)? Shard { get; init; }

    /// <summary>
    /// The pause before reconnecting after Invalid Session (op 9) and after a connection that never got to READY/RESUMED.
    /// Default: random 1–5 s.
    /// </summary>
    public Func<TimeSpan> ReconnectDelay { get; init; } = RandomReconnectDelay;

    /// <summary>
    /// Identifies this client may still send: <c>session_start_limit.remaining</c> from <c>GET /gateway/bot</c>.
    /// When a new session is needed and none is left, <see cref="DiscordGatewayClient.RunAsync(CancellationToken)"/> fails with
    /// <see cref="GatewayFatalException"/> (going over the daily limit resets the token). Resumes don't count.
    /// </summary>
    public int IdentifyBudget { get; init; } = 1000;

    /// <summary>
    /// The Identify budget shared by every shard of the process (refilled after <c>reset_after</c>). When set, it is used
    /// instead of <see cref="IdentifyBudget"/>.
    /// </summary>
    public SessionStartBudget? SessionStarts { get; init; }

    /// <summary>
    /// The Identify queue shared with the other shards and processes (one <c>ILeaseStore</c>). When set, each Identify
    /// first takes its bucket's slot there, in addition to this client's own spacing.
    /// </summary>
    public IdentifyQueue? IdentifyQueue { get; init; }

    /// <summary><c>session_start_limit.max_concurrency</c>: at most this many Identifies per <see cref="IdentifyWindow"/>.</summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>The Identify rate window, 5 s at Discord.</summary>
    public TimeSpan IdentifyWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first heartbeat waits <c>heartbeat_interval × HeartbeatJitter()</c>; a value in [0, 1), random by default.</summary>
    public Func<double> HeartbeatJitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>How long to wait for Hello after connecting, and for the close handshake, before dropping the socket.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Describes the options without the token.</summary>
    public override string ToString() =>
        $"GatewayClientOptions {{ GatewayUrl = {GatewayUrl}, Intents = {Intents}, Shard = {(Shard is { } s ? $"[{s.Id}, {s.Count}]" : "none")}, "
        + $"IdentifyBudget = {IdentifyBudget}, MaxConcurrency = {MaxConcurrency}, Token = *** }}";

    /// <summary>A random pause of 1–5 s.</summary>
    public static TimeSpan RandomReconnectDelay() => TimeSpan.FromMilliseconds(Random.Shared.Next(1000, 5001));

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Token))
        {
            throw new ArgumentException("The bot token is empty.", nameof(Token));
        }

        ArgumentNullException.ThrowIfNull(GatewayUrl);
        if (!GatewayUrl.IsAbsoluteUri || GatewayUrl.Scheme is not ("ws" or "wss" or "http" or "https"))
        {
            throw new ArgumentException($"The gateway URL must be an absolute ws:// or wss:// URL, not '{GatewayUrl}'.", nameof(GatewayUrl));
        }

        if (Shard is { } shard && (shard.Count < 1 || shard.Id < 0 || shard.Id >= shard.Count))
        {
            throw new ArgumentException($"Shard [{shard.Id}, {shard.Count}] is invalid: the id must be in [0, count).", nameof(Shard));
        }

        ArgumentNullException.ThrowIfNull(ReconnectDelay);
        ArgumentNullException.ThrowIfNull(HeartbeatJitter);
        ArgumentOutOfRangeException.ThrowIfNegative(IdentifyBudget);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(IdentifyWindow, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero);
    }
}
