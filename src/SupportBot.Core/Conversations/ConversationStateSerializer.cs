using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Core.Conversations;

/// <summary>The one wire format of <see cref="ConversationState"/>, shared by every store.</summary>
public static class ConversationStateSerializer
{
    public static string Serialize(ConversationState state) =>
        JsonSerializer.Serialize(state, ConversationStateJsonContext.Default.ConversationState);

    /// <exception cref="JsonException">The text is not a serialised state.</exception>
    public static ConversationState Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ConversationStateJsonContext.Default.ConversationState)
        ?? throw new JsonException("Conversation state is null.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(ConversationState))]
internal sealed partial class ConversationStateJsonContext : JsonSerializerContext;
