using System.Collections.Concurrent;
using System.Text.Json;
using SupportBot.Discord.Interactions;

namespace SupportBot.Discord.Tests.Interactions;

/// <summary>Records every interaction it is given and answers with <see cref="Reply"/>.</summary>
internal sealed class RecordingInteractionHandler : IInteractionHandler
{
    private readonly ConcurrentQueue<JsonElement> received = new();

    /// <summary>What to answer; by default a type 4 message "ok".</summary>
    public Func<JsonElement, InteractionReply> Reply { get; set; } =
        _ => InteractionReply.Inline(JsonSerializer.SerializeToElement(new { type = 4, data = new { content = "ok" } }));

    /// <summary>The interactions handled so far, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Received => [.. received];

    public Task<InteractionReply> HandleAsync(JsonElement interaction, CancellationToken cancellationToken)
    {
        received.Enqueue(interaction);
        return Task.FromResult(Reply(interaction));
    }
}
