using System.Text.Json;

namespace SupportBot.Discord.Interactions;

/// <summary>
/// How the endpoint answers an interaction: with an inline interaction response (HTTP 200, JSON body), or with
/// HTTP 202 and no body because the handler already answered through <c>POST /interactions/{id}/{token}/callback</c>.
/// </summary>
public sealed class InteractionReply
{
    private InteractionReply(JsonElement? response) => Response = response;

    /// <summary>The handler has answered via the callback endpoint: the request gets 202 with no body.</summary>
    public static InteractionReply AcknowledgedViaCallback { get; } = new(null);

    /// <summary>The inline interaction response (<c>{"type":4,"data":{…}}</c>, …); null when acknowledged via callback.</summary>
    public JsonElement? Response { get; }

    /// <summary>True when the request is answered with 202 and no body.</summary>
    public bool IsAcknowledgedViaCallback => Response is null;

    /// <summary>Answer inline with <paramref name="response"/> (a JSON object), sent back with 200.</summary>
    /// <exception cref="ArgumentException"><paramref name="response"/> is not a JSON object.</exception>
    public static InteractionReply Inline(JsonElement response)
    {
        if (response.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"An interaction response must be a JSON object, not {response.ValueKind}.", nameof(response));
        }

        return new InteractionReply(response.Clone());
    }
}
