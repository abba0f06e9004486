namespace SupportBot.Telegram.Updates;

/// <summary>Who the bot is on Telegram (from getMe at start-up): its id, its name, and its username for deep links.</summary>
public sealed class TelegramBotIdentity
{
    public long Id { get; set; }

    public string Username { get; set; } = "";

    /// <summary>The bot's display name (first name): members must not pass for it.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>https://t.me/{bot}?start={payload}</c>: opens the private chat, optionally at a scenario.</summary>
    public string DeepLink(string? payload) => $"https://t.me/{Username}" + (payload is null ? "" : $"?start={payload}");
}
