using System.Text.Json;

namespace SupportBot.Discord.Interactions;

/// <summary>
/// Handles interactions (every type but PING) that arrived on the HTTP endpoint with a valid, fresh signature.
/// Resolved from the request's services, so it may be scoped. Discord waits at most 3 seconds for the reply: for slow
/// work, answer inline with a deferral (type 5 or 6) and edit <c>@original</c> in <see cref="InteractionReply.AfterResponse"/>,
/// which runs once the answer is sent, on the host's lifetime.
/// </summary>
public interface IInteractionHandler
{
    /// <summary>Handles one interaction and says how the HTTP request is answered.</summary>
    /// <param name="interaction">
    /// The interaction object as parsed from the verified body (<c>id</c>, <c>type</c>, <c>token</c>, <c>data</c>, …). It stays
    /// valid after the call returns, so it may be handed to background work.
    /// </param>
    /// <param name="cancellationToken">Cancelled when Discord drops the request; work after the answer must not use it.</param>
    Task<InteractionReply> HandleAsync(JsonElement interaction, CancellationToken cancellationToken);
}
