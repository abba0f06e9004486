using System.Globalization;

namespace SupportBot.Telegram.Tests.Fakes;

/// <summary>
/// An error answer of the fake Bot API: becomes <c>{"ok":false,"error_code":N,"description":"…"}</c>
/// (plus <c>"parameters":{"retry_after":N}</c> for 429) with HTTP status N.
/// </summary>
internal sealed class BotApiException : Exception
{
    public BotApiException()
        : this(500, "Internal Server Error")
    {
    }

    public BotApiException(string message)
        : this(400, message)
    {
    }

    public BotApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = 400;
    }

    public BotApiException(int errorCode, string description, int? retryAfter = null)
        : base(description)
    {
        ErrorCode = errorCode;
        RetryAfter = retryAfter;
    }

    public int ErrorCode { get; }

    public int? RetryAfter { get; }

    public static BotApiException BadRequest(string detail) => new(400, "Bad Request: " + detail);

    public static BotApiException Forbidden(string detail) => new(403, "Forbidden: " + detail);

    public static BotApiException Conflict(string detail) => new(409, "Conflict: " + detail);

    public static BotApiException TooManyRequests(int retryAfterSeconds) =>
        new(429, "Too Many Requests: retry after " + retryAfterSeconds.ToString(CultureInfo.InvariantCulture), retryAfterSeconds);
}
