using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SupportBot.Telegram;

/// <summary>Telegram settings, section <c>Telegram</c>. The token comes from the environment or user-secrets only.</summary>
public sealed partial class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>From @BotFather (<c>SUPPORTBOT_Telegram__Token</c>). Empty: the Telegram channel is off.</summary>
    public string? Token { get; set; }

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>Webhook mode: the public HTTPS URL Telegram posts updates to.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Webhook mode: the secret Telegram sends in <c>X-Telegram-Bot-Api-Secret-Token</c> (1–256 of A–Z a–z 0–9 _ -).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Webhook mode: the local path the endpoint listens on.</summary>
    public string WebhookPath { get; set; } = "/telegram/webhook";

    /// <summary>Another Bot API server (a local one, or a test double). Null: Telegram's.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Telegram user ids allowed to use /lookup in groups besides the chat's administrators.</summary>
    public List<long> ModeratorIds { get; set; } = [];

    /// <summary>How long "is this user an administrator of this chat" is remembered.</summary>
    public TimeSpan AdminCacheTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts at handling one update, or at delivering one of its messages, before it is skipped with a note in the log.</summary>
    public int MaxUpdateAttempts { get; set; } = 3;

    /// <summary>Retries of one send after a network error or a 5xx, before the update counts as failed.</summary>
    public int SendRetries { get; set; } = 4;

    /// <summary>The first pause before such a retry; it doubles each time.</summary>
    public TimeSpan SendRetryDelay { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// The staff's forum supergroup (<c>-100…</c>): each ticket gets a topic there. Unset: no tickets on Telegram. The
    /// bot must be an administrator with "Manage topics"; this is checked at start-up.
    /// </summary>
    public long? StaffChatId { get; set; }

    /// <summary>Where transcripts of closed tickets are filed (a chat id). Unset: into the ticket's own topic, before it closes.</summary>
    public long? TicketLogChatId { get; set; }

    /// <summary>The topic of <see cref="TicketLogChatId"/> for transcripts, when that chat is a forum.</summary>
    public int? TicketLogThreadId { get; set; }

    /// <summary>Long-polling wait, seconds.</summary>
    public int PollTimeoutSeconds { get; set; } = 25;

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);

    /// <summary>Tickets are on: the channel runs and a staff chat is set.</summary>
    public bool TicketsEnabled => Enabled && StaffChatId is not null;

    [GeneratedRegex(@"^\d+:[A-Za-z0-9_-]{20,}$")]
    internal static partial Regex TokenPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    internal static partial Regex SecretPattern();
}

public enum TelegramMode
{
    Polling,
    Webhook,
}

/// <summary>Checks the Telegram settings at start-up; every message names the key to fix.</summary>
public sealed class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (!TelegramOptions.TokenPattern().IsMatch(options.Token!))
        {
            // Never echo the token itself.
            errors.Add("Telegram:Token does not look like a bot token from @BotFather (<digits>:<secret>)");
        }

        if (options.Mode == TelegramMode.Webhook)
        {
            if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add("Telegram:WebhookUrl must be an absolute https URL in webhook mode");
            }

            if (options.WebhookSecret is null || !TelegramOptions.SecretPattern().IsMatch(options.WebhookSecret))
            {
                errors.Add("Telegram:WebhookSecret must be 1–256 characters of A–Z, a–z, 0–9, _ and - in webhook mode");
            }
        }

        if (options.ApiBaseUrl is not null && !Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out _))
        {
            errors.Add("Telegram:ApiBaseUrl must be an absolute URL");
        }

        if (options.MaxUpdateAttempts is < 1 or > 20)
        {
            errors.Add("Telegram:MaxUpdateAttempts must be between 1 and 20");
        }

        if (options.SendRetries is < 0 or > 10)
        {
            errors.Add("Telegram:SendRetries must be between 0 and 10");
        }

        if (options.StaffChatId is >= 0)
        {
            errors.Add("Telegram:StaffChatId must be the id of a supergroup (negative, -100…); a forum supergroup's id is shown by bots such as @getidsbot");
        }

        if (options.TicketLogThreadId is not null && options.TicketLogChatId is null)
        {
            errors.Add("Telegram:TicketLogThreadId needs Telegram:TicketLogChatId");
        }

        if (options.TicketLogChatId is not null && options.StaffChatId is null)
        {
            errors.Add("Telegram:TicketLogChatId needs Telegram:StaffChatId (tickets are off without it)");
        }

        if (options.PollTimeoutSeconds is < 0 or > 50)
        {
            errors.Add("Telegram:PollTimeoutSeconds must be between 0 and 50");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
