namespace SupportBot.Discord;

/// <summary>
/// Whether the Discord channel stopped for good (bad token, intents not enabled): the host reads it after it stops,
/// to exit with an error code rather than 0.
/// </summary>
public sealed class DiscordChannelStatus
{
    private volatile string? fatalError;

    /// <summary>Why the channel stopped; null while it runs or after a normal shutdown.</summary>
    public string? FatalError => fatalError;

    internal void Fail(string reason) => fatalError = reason;
}
