using System.Globalization;
using System.Text.Json.Nodes;

namespace SupportBot.Discord.Tests.Rest;

/// <summary>The routes <see cref="FakeDiscordRest"/> serves.</summary>
public enum FakeRoute
{
    GetGatewayBot,
    GetCurrentApplication,
    CreateDm,
    CreateMessage,
    EditMessage,
    DeleteMessage,
    BulkOverwriteGlobalCommands,
    InteractionCallback,
    EditOriginalResponse,
    CreateFollowup,
    StartThread,
    AddThreadMember,
    ModifyChannel,
    ModifyGuildMember,
}

/// <summary>
/// A route's rate limit as the fake enforces it: <paramref name="Limit"/> requests per window of
/// <paramref name="ResetAfter"/>, counted per bucket and major parameter. The window opens with its first request, and
/// every answer carries X-RateLimit-Limit/-Remaining/-Reset/-Reset-After/-Bucket. Routes given the same
/// <paramref name="Bucket"/> share the count, as in Discord.
/// </summary>
public sealed record FakeRateLimit(string Bucket, int Limit, TimeSpan ResetAfter);

/// <summary>An error answer the fake gives instead of serving a request (see <see cref="FakeDiscordRest.Inject"/>).</summary>
public sealed record FakeFault(int Status, string Body, string ContentType, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>Set for a global 429: the fake then answers every bot-authorized request with a global 429 for this long.</summary>
    public TimeSpan? GlobalBlock { get; init; }

    /// <summary>A 429 on the route that is not global: a sub-limit (the bucket itself still has requests left).</summary>
    public static FakeFault RateLimited(double retryAfter, string scope = "user") => new(
        429,
        Json(new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = retryAfter, ["global"] = false }),
        "application/json",
        new Dictionary<string, string>
        {
            ["Retry-After"] = RetryAfterHeader(retryAfter),
            ["X-RateLimit-Scope"] = scope,
        });

    /// <summary>A global 429 (<c>X-RateLimit-Global: true</c>, body <c>global: true</c>).</summary>
    public static FakeFault GlobalRateLimit(double retryAfter) => new(
        429,
        Json(new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = retryAfter, ["global"] = true }),
        "application/json",
        new Dictionary<string, string>
        {
            ["Retry-After"] = RetryAfterHeader(retryAfter),
            ["X-RateLimit-Global"] = "true",
            ["X-RateLimit-Scope"] = "global",
        })
    {
        GlobalBlock = TimeSpan.FromSeconds(retryAfter),
    };

    /// <summary>A 5xx as a proxy sends it: HTML, not JSON.</summary>
    public static FakeFault ServerError(int status = 502) =>
        new(status, $"<html><body><h1>{status} Server Error</h1></body></html>", "text/html", new Dictionary<string, string>());

    public static FakeFault Unauthorized() => Error(401, 0, "401: Unauthorized");

    public static FakeFault MissingPermissions() => Error(403, 50013, "Missing Permissions");

    /// <summary>Discord's JSON error: <c>{"code":…,"message":…}</c> with the given HTTP status.</summary>
    public static FakeFault Error(int status, int code, string message) =>
        new(status, Json(new JsonObject { ["code"] = code, ["message"] = message }), "application/json", new Dictionary<string, string>());

    internal static string Json(JsonNode node) => node.ToJsonString();

    private static string RetryAfterHeader(double seconds) =>
        Math.Ceiling(seconds).ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One request the fake received and how it answered. <see cref="At"/> is the arrival time since the fake started,
/// on the same monotonic clock as <see cref="TestClock.Instance"/>.
/// </summary>
public sealed record FakeRestRequest(
    string Method,
    string Path,
    FakeRoute? Route,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    TimeSpan At,
    DateTimeOffset ReceivedAt,
    int Status,
    IReadOnlyDictionary<string, string> ResponseHeaders)
{
    /// <summary>For a multipart message (whose <see cref="Body"/> is its payload_json): the files it carried.</summary>
    public IReadOnlyList<FakeFile> Files { get; init; } = [];

    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? ResponseHeader(string name) => ResponseHeaders.TryGetValue(name, out var value) ? value : null;
}
