namespace SupportBot.Discord.Rest;

/// <summary>Tuning of the REST client's limiter and retries (section <c>Discord:Rest</c>). The defaults follow Discord's documented limits.</summary>
public sealed class DiscordRestOptions
{
    public const string Section = "Discord:Rest";

    /// <summary>Requests per second across all bot-authorized routes (Discord's global limit is 50). Interaction routes are exempt.</summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>
    /// How many 401/403/429 answers (not counting <c>X-RateLimit-Scope: shared</c>) within 10 minutes stop all sending.
    /// Discord bans the IP address temporarily at 10,000; stopping short leaves room for requests already in flight.
    /// </summary>
    public int InvalidRequestLimit { get; set; } = 9_000;

    /// <summary>Retries after a 5xx answer or a failed connection; the wait doubles each time.</summary>
    public int ServerErrorRetries { get; set; } = 3;

    /// <summary>The wait before the first retry after a 5xx answer or a failed connection.</summary>
    public TimeSpan ServerErrorBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many 429 answers one call waits out and retries before it fails.</summary>
    public int RateLimitRetries { get; set; } = 5;
}
