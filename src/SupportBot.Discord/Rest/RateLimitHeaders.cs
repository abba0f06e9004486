using System.Globalization;
using System.Net.Http.Headers;

namespace SupportBot.Discord.Rest;

/// <summary>The rate-limit headers of one answer; each is null when absent or unreadable.</summary>
internal sealed record RateLimitHeaders(
    int? Limit,
    int? Remaining,
    TimeSpan? ResetAfter,
    string? Bucket,
    bool Global,
    string? Scope,
    TimeSpan? RetryAfter)
{
    /// <summary>A per-resource limit shared with other users; its 429s don't count toward the invalid-request ban.</summary>
    public bool SharedScope => string.Equals(Scope, "shared", StringComparison.OrdinalIgnoreCase);

    public static RateLimitHeaders Read(HttpResponseHeaders headers) => new(
        Integer(headers, "X-RateLimit-Limit"),
        Integer(headers, "X-RateLimit-Remaining"),
        Seconds(headers, "X-RateLimit-Reset-After"),
        Text(headers, "X-RateLimit-Bucket"),
        string.Equals(Text(headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase),
        Text(headers, "X-RateLimit-Scope"),
        headers.RetryAfter?.Delta ?? Seconds(headers, "Retry-After"));

    private static string? Text(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static int? Integer(HttpResponseHeaders headers, string name) =>
        int.TryParse(Text(headers, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static TimeSpan? Seconds(HttpResponseHeaders headers, string name) =>
        double.TryParse(Text(headers, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value < 1e6
            ? TimeSpan.FromSeconds(value)
            : null;
}
