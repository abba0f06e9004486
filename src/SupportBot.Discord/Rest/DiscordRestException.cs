using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Discord.Rest;

/// <summary>Why a Discord REST call failed.</summary>
public enum DiscordRestFailure
{
    /// <summary>Discord answered with an error status: see <see cref="DiscordRestException.StatusCode"/> and <see cref="DiscordRestException.Code"/>.</summary>
    HttpError,

    /// <summary>Not sent: Discord rejected the bot token with 401 earlier, so the client no longer uses it.</summary>
    TokenRejected,

    /// <summary>
    /// Not sent: so many 401/403/429 answers arrived in the last 10 minutes that Discord would soon ban this IP address.
    /// Calls go through again as old answers leave the window.
    /// </summary>
    InvalidRequestLimit,

    /// <summary>No answer: the connection failed or the request timed out.</summary>
    Transport,

    /// <summary>Discord answered with success but the body is not what the endpoint documents.</summary>
    InvalidResponse,
}

/// <summary>
/// A Discord REST call failed. For <see cref="DiscordRestFailure.HttpError"/> the HTTP status, Discord's JSON error
/// <see cref="Code"/> (e.g. 50007 cannot DM the user, 50013 missing permissions, 10062 unknown interaction) and its
/// message are set. <see cref="Route"/> is the route template, which never contains a token.
/// </summary>
public sealed class DiscordRestException : Exception
{
    /// <summary>An error answer from Discord.</summary>
    public DiscordRestException(
        string route,
        HttpStatusCode statusCode,
        int? code,
        string? errorMessage,
        JsonNode? errors = null,
        TimeSpan? retryAfter = null)
        : base(Describe(route, statusCode, code, errorMessage))
    {
        Failure = DiscordRestFailure.HttpError;
        Route = route;
        StatusCode = statusCode;
        Code = code;
        ErrorMessage = errorMessage;
        Errors = errors;
        RetryAfter = retryAfter;
    }

    /// <summary>A failure without an error answer (not sent, no answer, or an unreadable one).</summary>
    public DiscordRestException(DiscordRestFailure failure, string route, string message, Exception? innerException = null)
        : base($"Discord {route}: {message}", innerException)
    {
        Failure = failure;
        Route = route;
    }

    public DiscordRestFailure Failure { get; }

    /// <summary>Method and route template, e.g. <c>POST /channels/{channel_id}/messages</c>.</summary>
    public string Route { get; }

    /// <summary>The HTTP status Discord answered with; null when there was no answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Discord's JSON error code (<c>code</c>); null when the body had none (0 is a real code: a general error).</summary>
    public int? Code { get; }

    /// <summary>Discord's error message (<c>message</c>), or the HTTP reason when the body was not JSON.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Discord's per-field details (<c>errors</c>), e.g. for 50035 invalid form body.</summary>
    public JsonNode? Errors { get; }

    /// <summary>For a 429 that was not retried further: how long Discord asked to wait.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(string route, HttpStatusCode statusCode, int? code, string? errorMessage)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Discord {route} failed with {(int)statusCode} {statusCode}");
        if (code is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", code {code}");
        }

        if (!string.IsNullOrEmpty(errorMessage))
        {
            text.Append(": ").Append(errorMessage);
        }

        return text.ToString();
    }
}
