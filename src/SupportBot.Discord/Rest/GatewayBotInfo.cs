namespace SupportBot.Discord.Rest;

/// <summary>The answer of <c>GET /gateway/bot</c>.</summary>
/// <param name="Url">The gateway URL (<c>wss://…</c>), without query parameters.</param>
/// <param name="Shards">The recommended number of shards.</param>
/// <param name="SessionStartLimit">How many more sessions may be started (identified) before the limit resets.</param>
public sealed record GatewayBotInfo(string Url, int Shards, SessionStartLimit SessionStartLimit);

/// <param name="Total">Session starts allowed per reset period.</param>
/// <param name="Remaining">Session starts left.</param>
/// <param name="ResetAfter">Time until <paramref name="Remaining"/> goes back to <paramref name="Total"/>.</param>
/// <param name="MaxConcurrency">Identify requests allowed per 5 seconds.</param>
public sealed record SessionStartLimit(int Total, int Remaining, TimeSpan ResetAfter, int MaxConcurrency);
