using System.Globalization;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Lookup;
using SupportBot.Core.Messages;
using SupportBot.Core.Triage;
using SupportBot.Telegram.Rendering;
using SupportBot.Telegram.Sending;
using SupportBot.Telegram.Tickets;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// Handles one Telegram update, for polling and webhook alike: private chats are guided conversations with the
/// engine; groups get short answers with a button into the private chat, moderator lookups, the secret guard and the
/// scam checks (<see cref="TelegramScamDefence"/>); <c>/check</c> answers anyone, in groups and in private.
/// Tickets come first (<see cref="TelegramTicketRelay"/>): a user's words while a ticket is open, and the staff chat's
/// ticket topics. Texts arrive already redacted (<see cref="TelegramUpdateRedaction"/>), so no secret passes through here.
/// Everything it sends goes through the update's <see cref="TelegramTurn"/>.
/// </summary>
public sealed class TelegramUpdateHandler(
    ConversationEngine engine,
    TelegramBotIdentity me,
    ChatMemberCheck members,
    TelegramTicketRelay tickets,
    TelegramScamDefence scams,
    ContentCatalog content,
    ILogger<TelegramUpdateHandler> logger,
    IChainLookup? chainLookup = null)
{
    public const string Channel = "telegram";

    /// <summary>Group commands that open a scenario in the private chat.</summary>
    private static readonly Dictionary<string, string> ScenarioCommands = new(StringComparer.Ordinal)
    {
        ["withdraw"] = "exchange-withdrawal",
        ["bridge"] = "cross-chain-transfer",
        ["missing"] = "missing-tokens",
    };

    private readonly LookupReport lookupReport = new(content);

    public async Task HandleAsync(RedactedUpdate redacted, TelegramTurn turn, CancellationToken cancellationToken)
    {
        var (update, secret, repliedToSecret) = redacted;
        using var ticketCalls = TelegramTicketChannel.Within(turn); // what the ticket desk does now is part of this turn
        if (update.Message is { Chat.Type: ChatType.Supergroup } inGroup
            && await tickets.FromStaffChatAsync(turn, update.Id, inGroup, secret, cancellationToken).ConfigureAwait(false)
            || update.EditedMessage is { Chat.Type: ChatType.Supergroup } editedInGroup
            && await tickets.SecretEditInStaffChatAsync(turn, update.Id, editedInGroup, secret, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        switch (update)
        {
            case { CallbackQuery: { } query }:
                await OnCallbackAsync(turn, update.Id, query, cancellationToken).ConfigureAwait(false);
                break;
            case { ChatMember: { } change }:
                await scams.OnMemberChangedAsync(turn, change, cancellationToken).ConfigureAwait(false);
                break;
            case { Message: { NewChatMembers: { Length: > 0 } joined } message } when message.Chat.Type is ChatType.Group or ChatType.Supergroup:
                await scams.OnJoinedAsync(turn, message.Chat, joined, cancellationToken).ConfigureAwait(false);
                break;
            // Sent as a channel or as the group itself (an anonymous administrator): "from" is then a placeholder bot.
            case { Message: { SenderChat: not null } message } when message.Chat.Type is ChatType.Group or ChatType.Supergroup:
                await scams.OnGroupMessageAsync(turn, message, cancellationToken).ConfigureAwait(false);
                break;
            case { EditedMessage: { SenderChat: not null } edited } when edited.Chat.Type is ChatType.Group or ChatType.Supergroup:
                await scams.OnGroupMessageAsync(turn, edited, cancellationToken).ConfigureAwait(false);
                break;
            case { Message: { From: { IsBot: false } from } message } when message.Chat.Type == ChatType.Private:
                await OnPrivateMessageAsync(turn, update.Id, message, from, secret, repliedToSecret, cancellationToken).ConfigureAwait(false);
                break;
            case { Message: { From: { IsBot: false } from } message } when message.Chat.Type is ChatType.Group or ChatType.Supergroup:
                await OnGroupMessageAsync(turn, message, from, secret, repliedToSecret, cancellationToken).ConfigureAwait(false);
                break;
            // An edit matters only when it leaks a secret: the conversation has moved on from the original message.
            case { EditedMessage: { From: { IsBot: false } from } edited } when secret != SecretKinds.None && edited.Chat.Type == ChatType.Private:
                await OnPrivateMessageAsync(turn, update.Id, edited, from, secret, SecretKinds.None, cancellationToken).ConfigureAwait(false);
                break;
            case { EditedMessage: { From: { IsBot: false } from } edited } when secret != SecretKinds.None && edited.Chat.Type is ChatType.Group or ChatType.Supergroup:
                await OnGroupSecretAsync(turn, edited, from, secret, LanguageOf(from.LanguageCode), cancellationToken).ConfigureAwait(false);
                break;
            // An edit can put a scam link where an innocent word was.
            case { EditedMessage: { From: { IsBot: false } } edited } when edited.Chat.Type is ChatType.Group or ChatType.Supergroup:
                await scams.OnGroupMessageAsync(turn, edited, cancellationToken).ConfigureAwait(false);
                break;
            default:
                logger.LogDebug("Ignoring update {UpdateId} of type {Type}", update.Id, update.Type);
                break;
        }
    }

    private async Task OnPrivateMessageAsync(TelegramTurn turn, long updateId, Message message, User from, SecretKinds secret, SecretKinds repliedToSecret,
        CancellationToken cancellationToken)
    {
        var chatId = message.Chat.Id;
        var redacted = secret | repliedToSecret;
        if (secret != SecretKinds.None)
        {
            // Bots may delete incoming messages in private chats: the secret should not sit in the chat history either.
            await DeleteAsync(turn, message, isGroup: false, cancellationToken).ConfigureAwait(false);
        }

        if (repliedToSecret != SecretKinds.None && message.ReplyToMessage is { } leaked)
        {
            await DeleteAsync(turn, leaked, isGroup: false, cancellationToken).ConfigureAwait(false);
        }

        if (CheckQuery(message.Text) is { } check)
        {
            await scams.CheckAsync(turn, message, check, LanguageOf(from.LanguageCode), cancellationToken).ConfigureAwait(false);
            return;
        }

        // With a ticket open, the user's words are for the team; commands still reach the conversation.
        if (await tickets.FromUserAsync(turn, updateId, message, from, secret, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var (text, payload) = ParseCommand(message.Text ?? message.Caption);
        var inbound = new InboundMessage
        {
            Channel = Channel,
            Id = updateId.ToString(CultureInfo.InvariantCulture), // an update handled again after a crash is answered as before
            ConversationId = chatId.ToString(CultureInfo.InvariantCulture),
            UserId = from.Id.ToString(CultureInfo.InvariantCulture),
            Text = payload is null ? text ?? "" : null,
            Payload = payload,
            Locale = from.LanguageCode,
            IsPrivate = true,
            RedactedSecret = redacted,
            ShownLinks = TelegramScamDefence.ShownLinks(message), // a forwarded "support" message keeps its hidden links
        };
        var result = await engine.HandleAsync(inbound, (progress, ct) => SendProgressAsync(turn, chatId, progress, ct), cancellationToken).ConfigureAwait(false);
        foreach (var reply in Replies.Combine(result.Replies))
        {
            Send(turn, chatId, false, reply);
        }
    }

    /// <summary>
    /// "/start withdraw" deep links open their scenario at once (the user just asked for it; Back returns to where they
    /// were); a bare "/start" asks first when a conversation is in progress; "/lookup 0x…" is the hash itself (the same
    /// hash again looks it up again); other text as typed.
    /// </summary>
    private (string? Text, string? Payload) ParseCommand(string? text)
    {
        if (text is null || !text.StartsWith('/'))
        {
            return (text, null);
        }

        var parts = text.Split(' ', 2, StringSplitOptions.TrimEntries);
        var command = parts[0].Split('@')[0].ToLowerInvariant();
        var argument = parts.Length > 1 ? parts[1] : null;
        return command switch
        {
            "/start" when argument is not null && content.Scenarios.ContainsKey(argument) && argument != ContentCatalog.MenuScenario =>
                (null, ChoicePayload.Command(GlobalCommandNames.Scenario) + ":" + argument),
            "/start" => (null, ChoicePayload.Command(ChoicePayload.StartCommand)),
            "/lookup" => (argument ?? "", null),
            _ when ScenarioCommands.TryGetValue(command[1..], out var scenario) => (null, ChoicePayload.Command(GlobalCommandNames.Scenario) + ":" + scenario),
            _ => (text, null),
        };
    }

    private async Task OnCallbackAsync(TelegramTurn turn, long updateId, CallbackQuery query, CancellationToken cancellationToken)
    {
        // The moderators' "not a scam" buttons answer the press themselves (a refusal is an alert).
        if (await scams.OnButtonAsync(turn, query, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // Always answered, or the user's client keeps spinning.
        await turn.AnswerCallbackNowAsync(query.Id, query.From.Id, cancellationToken).ConfigureAwait(false);
        if (query.Message is not { Chat.Type: ChatType.Private } message || query.Data is null)
        {
            return;
        }

        var chatId = message.Chat.Id;
        var result = await engine.HandleAsync(new InboundMessage
        {
            Channel = Channel,
            Id = updateId.ToString(CultureInfo.InvariantCulture),
            ConversationId = chatId.ToString(CultureInfo.InvariantCulture),
            UserId = query.From.Id.ToString(CultureInfo.InvariantCulture),
            Payload = query.Data,
            Locale = query.From.LanguageCode,
            IsPrivate = true,
        }, (progress, ct) => SendProgressAsync(turn, chatId, progress, ct), cancellationToken).ConfigureAwait(false);

        // One new step: edit the pressed message in place, so the chat reads as one evolving card. More (a notice
        // and a step, a lookup report), or final advice that must stay readable: take the old buttons away and send
        // the new messages below.
        var replies = Replies.Combine(result.Replies);
        var parts = replies.Count == 1 && !result.KeepAnswered ? TelegramHtml.Render(replies[0]) : [];
        if (parts.Count == 1)
        {
            turn.Edit(chatId, message.MessageId, parts[0]);
            return;
        }

        turn.RemoveButtons(chatId, message.MessageId);
        foreach (var reply in replies)
        {
            Send(turn, chatId, false, reply);
        }
    }

    private async Task OnGroupMessageAsync(TelegramTurn turn, Message message, User from, SecretKinds secret, SecretKinds repliedToSecret, CancellationToken cancellationToken)
    {
        var language = LanguageOf(from.LanguageCode);
        if (repliedToSecret != SecretKinds.None && message.ReplyToMessage is { } leaked)
        {
            // A reply to a leaked secret means the secret is still in the chat: remove it and warn its author.
            if (leaked.From is { IsBot: false } author)
            {
                await OnGroupSecretAsync(turn, leaked, author, repliedToSecret, LanguageOf(author.LanguageCode), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await DeleteAsync(turn, leaked, isGroup: true, cancellationToken).ConfigureAwait(false);
            }
        }

        if (secret != SecretKinds.None)
        {
            await OnGroupSecretAsync(turn, message, from, secret, language, cancellationToken).ConfigureAwait(false);
            return;
        }

        var text = message.Text;
        if (CheckQuery(text) is { } check)
        {
            await scams.CheckAsync(turn, message, check, language, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Everything else is checked, commands too: "/help@OtherBot https://…" is a link like any other.
        if (await scams.OnGroupMessageAsync(turn, message, cancellationToken).ConfigureAwait(false) || text is null || !text.StartsWith('/'))
        {
            return; // deleted as a scam, or ordinary group talk the bot does not chime in on
        }

        var parts = text.Split(' ', 2, StringSplitOptions.TrimEntries);
        var commandParts = parts[0][1..].Split('@');
        if (commandParts.Length > 1 && !string.Equals(commandParts[1], me.Username, StringComparison.OrdinalIgnoreCase))
        {
            return; // a command for another bot
        }

        var command = commandParts[0].ToLowerInvariant();
        switch (command)
        {
            case "help" or "start":
                ReplyInGroup(turn, message, Text(language, "group.help"), me.DeepLink(null), language);
                break;
            case "withdraw" or "bridge" or "missing":
                ReplyInGroup(turn, message, Text(language, $"group.{command}"), me.DeepLink(ScenarioCommands[command]), language);
                break;
            case "networks":
                ReplyInGroup(turn, message, lookupReport.NetworkList(language), null, language);
                break;
            case "lookup":
                await OnGroupLookupAsync(turn, message, from, parts.Length > 1 ? parts[1] : "", language, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The query of "/check …" or "/check@thisbot …" ("" when none); null for anything else, "/check@OtherBot" included.</summary>
    private string? CheckQuery(string? text)
    {
        if (text is null || !text.StartsWith("/check", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parts = text.Split((char[]?)null, 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var commandParts = parts[0][1..].Split('@');
        if (!string.Equals(commandParts[0], "check", StringComparison.OrdinalIgnoreCase)
            || commandParts.Length > 1 && !string.Equals(commandParts[1], me.Username, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.Length > 1 ? parts[1] : "";
    }

    private async Task OnGroupLookupAsync(TelegramTurn turn, Message message, User from, string query, string language, CancellationToken cancellationToken)
    {
        if (!await members.IsModeratorAsync(message.Chat.Id, from.Id, cancellationToken).ConfigureAwait(false))
        {
            ReplyInGroup(turn, message, Text(language, "group.lookup-refused"), me.DeepLink(null), language);
            return;
        }

        var report = query.Trim().Length > 0
            ? await lookupReport.DescribeQueryAsync(chainLookup, query, language, cancellationToken).ConfigureAwait(false)
            : Text(language, "group.lookup-usage");
        ReplyInGroup(turn, message, report, null, language);
    }

    private async Task OnGroupSecretAsync(TelegramTurn turn, Message message, User from, SecretKinds kinds, string language, CancellationToken cancellationToken)
    {
        var chatId = message.Chat.Id;
        var deleted = await DeleteAsync(turn, message, isGroup: true, cancellationToken).ConfigureAwait(false);
        var user = from.Username is { Length: > 0 } username ? "@" + username : from.FirstName;
        var warning = Placeholders.Fill(content.Texts.Get(language, deleted ? "group.secret-deleted" : "group.secret-not-deleted"),
            content, language, new Dictionary<string, string>(), new Dictionary<string, string> { ["user"] = user });
        Send(turn, chatId, true, new OutboundMessage(warning) { Kind = MessageKind.Warning });

        // And privately, in full. This only reaches users who have started the bot; others are told in the group.
        var privately = content.Texts.Get(language, kinds.HasFlag(SecretKinds.RecoveryPhrase) ? "common.secret.recovery-phrase" : "common.secret.private-key");
        Send(turn, from.Id, false, new OutboundMessage(privately) { Kind = MessageKind.Warning });
        logger.LogWarning("Secret posted in group {Chat}; message {Deleted}", chatId, deleted ? "deleted" : "could not be deleted");
    }

    /// <returns>False when Telegram refused (no right to delete, message already gone).</returns>
    private static Task<bool> DeleteAsync(TelegramTurn turn, Message message, bool isGroup, CancellationToken cancellationToken) =>
        turn.DeleteNowAsync(message.Chat.Id, message.MessageId, isGroup, cancellationToken);

    private void ReplyInGroup(TelegramTurn turn, Message message, string text, string? deepLink, string language)
    {
        var reply = new OutboundMessage(text)
        {
            Links = deepLink is null ? [] : [new LinkButton(Text(language, "group.open-private"), deepLink)],
        };
        Send(turn, message.Chat.Id, true, reply, replyTo: message.MessageId);
    }

    private static void Send(TelegramTurn turn, long chatId, bool isGroup, OutboundMessage reply, int? replyTo = null)
    {
        foreach (var part in TelegramHtml.Render(reply))
        {
            turn.Send(chatId, isGroup, part, replyTo);
        }
    }

    /// <summary>A lookup is slow: the notice goes out at once, before the turn's answer exists.</summary>
    private static async Task SendProgressAsync(TelegramTurn turn, long chatId, OutboundMessage progress, CancellationToken cancellationToken)
    {
        foreach (var part in TelegramHtml.Render(progress))
        {
            await turn.SendNowAsync(chatId, false, part, cancellationToken).ConfigureAwait(false);
        }
    }

    private string Text(string language, string key) => content.Texts.Get(language, key);

    private static string LanguageOf(string? locale) => TextCatalog.LanguageFromLocale(locale);
}
