using System.Text.Json;

namespace SupportBot.Discord.Interactions;

/// <summary>
/// How the endpoint answers an interaction: with an inline interaction response (HTTP 200, JSON body), or with
/// HTTP 202 and no body because the handler already answered through <c>POST /interactions/{id}/{token}/callback</c>.
/// An inline answer may carry work to do once it is sent (<see cref="AfterResponse"/>): the turn behind a deferral.
/// </summary>
public sealed class InteractionReply
{
    private InteractionReply(JsonElement? response, Func<CancellationToken, Task>? afterResponse)
    {
        Response = response;
        AfterResponse = afterResponse;
    }

    /// <summary>The handler has answered via the callback endpoint: the request gets 202 with no body.</summary>
    public static InteractionReply AcknowledgedViaCallback { get; } = new(null, null);

    /// <summary>The inline interaction response (<c>{"type":4,"data":{…}}</c>, …); null when acknowledged via callback.</summary>
    public JsonElement? Response { get; }

    /// <summary>
    /// Work that edits the original response or sends follow-ups. The endpoint starts it once the response is written,
    /// on the host's lifetime rather than the request's, so it finishes even when Discord has closed the connection.
    /// </summary>
    public Func<CancellationToken, Task>? AfterResponse { get; }

    /// <summary>True when the request is answered with 202 and no body.</summary>
    public bool IsAcknowledgedViaCallback => Response is null;

    /// <summary>Answer inline with <paramref name="response"/> (a JSON object), sent back with 200.</summary>
    /// <param name="response">The interaction response object.</param>
    /// <param name="afterResponse">Run after the response is sent (see <see cref="AfterResponse"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="response"/> is not a JSON object.</exception>
    public static InteractionReply Inline(JsonElement response, Func<CancellationToken, Task>? afterResponse = null)
    {
        if (response.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"An interaction response must be a JSON object, not {response.ValueKind}.", nameof(response));
        }

        return new InteractionReply(response.Clone(), afterResponse);
    }
}
