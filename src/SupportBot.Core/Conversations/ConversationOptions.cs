using System.ComponentModel.DataAnnotations;

namespace SupportBot.Core.Conversations;

/// <summary>Conversation settings, section <c>Conversation</c>.</summary>
public sealed class ConversationOptions
{
    public const string Section = "Conversation";

    /// <summary>How long an untouched conversation is kept; after that the user starts again at the menu.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00", ErrorMessage = "Conversation:IdleExpiry must be between 00:01:00 and 90.00:00:00")]
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A lookup still running after this long gets a "looking it up…" message first.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30", ErrorMessage = "Conversation:LookupProgressAfter must be between 00:00:00 and 00:00:30")]
    public TimeSpan LookupProgressAfter { get; set; } = TimeSpan.FromSeconds(1);
}
