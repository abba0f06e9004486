namespace SupportBot.Core.Messages;

/// <summary>Placeholder; replaced by the formatting-subset parser.</summary>
public static class RichText;
