using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Messages;
using SupportBot.Core.Tickets;
using SupportBot.Core.Triage;
using SupportBot.Telegram.Rendering;
using SupportBot.Telegram.Sending;
using SupportBot.Telegram.Updates;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SupportBot.Telegram.Tickets;

/// <summary>
/// The Telegram side of a ticket's conversation: what a user with an open ticket writes privately goes to the ticket's
/// topic; what staff write in the topic goes to the user; <c>/claim</c>, <c>/close [reason]</c> and <c>/reopen</c> in a
/// topic act on its ticket. The <see cref="TicketDesk"/> decides each time (the secret guard included); this maps.
/// </summary>
/// <remarks>
/// <para>Staff are the members of the staff chat (creator, administrators, members; asked with getChatMember), and its
/// anonymous administrators (a message sent as the staff chat itself can only come from one). Anyone else writing in a
/// ticket topic (someone who left, a restricted member, a channel) is refused, and their commands do nothing. Commands
/// outside a ticket topic — other groups, the staff chat's other topics, a private chat — never act on a ticket.</para>
/// <para>Photos, files, videos, GIFs, audio and voice messages are relayed as copies, always with a caption of the
/// bot's (the original caption, written before the secret guard saw it, never travels). Other kinds (stickers, video
/// notes, locations, polls…) are described in words. The guard reads texts, captions and file names; it cannot read
/// pictures, so a photographed recovery phrase is not caught. Edits are not relayed, except that an edit which adds a
/// secret is deleted as usual.</para>
/// </remarks>
public sealed partial class TelegramTicketRelay(TicketDesk desk, ChatMemberCheck members, TelegramBotIdentity me, IOptions<TelegramOptions> options,
    ILogger<TelegramTicketRelay> logger)
{
    private const int MaxCaptionLength = 1024;
    private static readonly string[] Commands = ["claim", "close", "reopen"];

    private long? StaffChat => options.Value.TicketsEnabled ? options.Value.StaffChatId : null;

    /// <summary>
    /// A private message of a user: relayed into their open ticket's topic, or stopped when it holds a secret (the
    /// message is deleted and the user warned). False when there is no open ticket, or it is a command: the
    /// conversation handles it.
    /// </summary>
    public async Task<bool> FromUserAsync(TelegramTurn turn, long updateId, Message message, User from, SecretKinds secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(from);
        if (StaffChat is not { } staff || message.Text is { } typed && typed.StartsWith('/') || Describe(message) is not { } content)
        {
            return false;
        }

        var decision = await desk.FromUserAsync(TelegramUpdateHandler.Channel, Id(from.Id), from.FirstName, content.Text, secret, SourceId(updateId),
            cancellationToken).ConfigureAwait(false);
        switch (decision.Kind)
        {
            case RelayKind.Relay:
                Relay(turn, message, content, decision.Text!, staff, true, TelegramTicketChannel.Topic(decision.Ticket!));
                return true;
            case RelayKind.Blocked:
                if (secret == SecretKinds.None)
                {
                    await turn.DeleteNowAsync(message.Chat.Id, message.MessageId, false, cancellationToken).ConfigureAwait(false); // else deleted already
                }

                Send(turn, message.Chat.Id, false, new OutboundMessage(decision.Warning!) { Kind = MessageKind.Warning });
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A message in the staff chat: handled here when it is in a ticket's topic (a relay to the user, a staff command,
    /// or a refusal). False otherwise: the chat's other topics are an ordinary group.
    /// </summary>
    public async Task<bool> FromStaffChatAsync(TelegramTurn turn, long updateId, Message message, SecretKinds secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(message);
        if (await TicketTopicAsync(message, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return false;
        }

        var (staff, topic, place) = found;
        if (await AuthorAsync(message, staff, cancellationToken).ConfigureAwait(false) is not { } author || Describe(message) is not { } content)
        {
            return true; // the bot's own doings, another bot, a topic's service message: nothing to pass on
        }

        var sourceId = SourceId(updateId);
        if (!author.IsStaff)
        {
            if (secret != SecretKinds.None)
            {
                await turn.DeleteNowAsync(staff, message.MessageId, true, cancellationToken).ConfigureAwait(false);
            }

            var refused = await desk.FromPlaceAsync(TelegramUpdateHandler.Channel, place, author.Id, author.Name, false, content.Text, secret, sourceId,
                cancellationToken).ConfigureAwait(false);
            if (refused.Warning is { } warning)
            {
                TelegramTicketChannel.Post(turn, staff, topic, warning, message.MessageId);
            }

            logger.LogInformation("A message by a non-member in ticket topic {Topic} was refused", topic);
            return true;
        }

        if (Command(message.Text) is { } command)
        {
            if (secret != SecretKinds.None)
            {
                await turn.DeleteNowAsync(staff, message.MessageId, true, cancellationToken).ConfigureAwait(false); // the reason is redacted, the original goes
            }

            var reply = command.Name switch
            {
                "claim" => await desk.ClaimAsync(TelegramUpdateHandler.Channel, place, author.Id, author.Name, cancellationToken).ConfigureAwait(false),
                "close" => await desk.CloseAsync(TelegramUpdateHandler.Channel, place, author.Name, command.Argument, cancellationToken).ConfigureAwait(false),
                "reopen" => await desk.ReopenAsync(TelegramUpdateHandler.Channel, place, author.Name, cancellationToken).ConfigureAwait(false),
                _ => null, // another command of this bot, or one for another bot: not for the user either
            };
            if (reply is { Reply.Length: > 0 })
            {
                TelegramTicketChannel.Post(turn, staff, topic, reply.Reply, message.MessageId);
            }

            return true;
        }

        var decision = await desk.FromPlaceAsync(TelegramUpdateHandler.Channel, place, author.Id, author.Name, true, content.Text, secret, sourceId,
            cancellationToken).ConfigureAwait(false);
        switch (decision.Kind)
        {
            case RelayKind.Relay:
                Relay(turn, message, content, decision.Text!, TelegramTicketChannel.UserChat(decision.Ticket!), false, null);
                break;
            case RelayKind.Blocked:
                await turn.DeleteNowAsync(staff, message.MessageId, true, cancellationToken).ConfigureAwait(false);
                TelegramTicketChannel.Post(turn, staff, topic, decision.Warning!);
                break;
            case RelayKind.Refused or RelayKind.Closed:
                TelegramTicketChannel.Post(turn, staff, topic, decision.Warning!, message.MessageId);
                break;
        }

        return true;
    }

    /// <summary>
    /// A message in a ticket's topic edited into a recovery phrase or key: deleted, and its author warned there, as a
    /// new one would be. False when it is not in a ticket's topic. Other edits are not relayed: the user has read the
    /// original already.
    /// </summary>
    public async Task<bool> SecretEditInStaffChatAsync(TelegramTurn turn, long updateId, Message edited, SecretKinds secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(edited);
        if (secret == SecretKinds.None || await TicketTopicAsync(edited, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return false;
        }

        var (staff, topic, place) = found;

        await turn.DeleteNowAsync(staff, edited.MessageId, true, cancellationToken).ConfigureAwait(false);
        var author = await AuthorAsync(edited, staff, cancellationToken).ConfigureAwait(false) ?? new Author("unknown", "", false);
        var decision = await desk.FromPlaceAsync(TelegramUpdateHandler.Channel, place, author.Id, author.Name, author.IsStaff, Describe(edited)?.Text, secret,
            SourceId(updateId), cancellationToken).ConfigureAwait(false);
        if (decision.Warning is { } warning)
        {
            TelegramTicketChannel.Post(turn, staff, topic, warning);
        }

        return true;
    }

    /// <summary>The staff chat, the topic and the ticket's place, when the message is in a ticket's topic.</summary>
    private async Task<(long Staff, int Topic, string Place)?> TicketTopicAsync(Message message, CancellationToken cancellationToken)
    {
        if (StaffChat is not { } staff || message.Chat.Id != staff || message is not { IsTopicMessage: true, MessageThreadId: { } topic })
        {
            return null;
        }

        var place = topic.ToString(CultureInfo.InvariantCulture);
        return await desk.TicketAtAsync(TelegramUpdateHandler.Channel, place, cancellationToken).ConfigureAwait(false) is null ? null : (staff, topic, place);
    }

    /// <summary>The desk's text as a message, or as the caption of a copy of the photo or file; a caption too long goes ahead as a message.</summary>
    private static void Relay(TelegramTurn turn, Message message, Content content, string text, long chatId, bool isGroup, int? topic)
    {
        if (!content.Copied)
        {
            Send(turn, chatId, isGroup, new OutboundMessage(text), topic);
            return;
        }

        var caption = TelegramHtml.Render(new OutboundMessage(text), MaxCaptionLength);
        if (caption.Count > 1)
        {
            Send(turn, chatId, isGroup, new OutboundMessage(text), topic);
            caption = TelegramHtml.Render(new OutboundMessage(content.Label), MaxCaptionLength);
        }

        turn.Copy(chatId, isGroup, message.Chat.Id, message.MessageId, caption[0].Html, topic);
    }

    private static void Send(TelegramTurn turn, long chatId, bool isGroup, OutboundMessage message, int? topic = null)
    {
        foreach (var part in TelegramHtml.Render(message))
        {
            turn.Send(chatId, isGroup, part, threadId: topic);
        }
    }

    /// <summary>Who wrote in the staff chat; null for bots (the bot itself included).</summary>
    private async Task<Author?> AuthorAsync(Message message, long staff, CancellationToken cancellationToken)
    {
        if (message.SenderChat is { } sender)
        {
            // Sent as the staff chat: only its administrators can. Sent as a channel (or another chat): nobody known.
            return sender.Id == staff
                ? new Author("chat:" + Id(staff), message.AuthorSignature ?? "staff", true)
                : new Author("chat:" + Id(sender.Id), sender.Title ?? "chat", false);
        }

        if (message.From is not { IsBot: false } from)
        {
            return null;
        }

        return new Author(Id(from.Id), from.FirstName, await members.IsMemberAsync(staff, from.Id, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// <c>/claim</c>, <c>/close reason</c>, <c>/close@ThisBot reason</c>; any other command (<c>/help</c>, one for another
    /// bot) has an empty name. Not a command: a note (<c>// …</c>) or a path.
    /// </summary>
    private (string Name, string? Argument)? Command(string? text)
    {
        if (text is null || CommandPattern().Match(text) is not { Success: true } match)
        {
            return null;
        }

        var forUs = !match.Groups["bot"].Success || string.Equals(match.Groups["bot"].Value, me.Username, StringComparison.OrdinalIgnoreCase);
        var command = match.Groups["name"].Value.ToLowerInvariant();
        var argument = text[match.Length..].Trim();
        return (forUs && Commands.Contains(command) ? command : "", argument.Length > 0 ? argument : null);
    }

    [GeneratedRegex(@"^/(?<name>[A-Za-z0-9_]{1,32})(@(?<bot>[A-Za-z0-9_]+))?(?=\s|$)")]
    private static partial Regex CommandPattern();

    /// <summary>
    /// What a message says, for the desk (and the transcript): its text, or a label for what it holds and its caption.
    /// Null for service messages (a topic created or closed, a member joining).
    /// </summary>
    private static Content? Describe(Message message)
    {
        var caption = string.IsNullOrWhiteSpace(message.Caption) ? "" : " " + message.Caption;
        return message.Type switch
        {
            MessageType.Text => new Content(message.Text ?? "", "", false),
            MessageType.Photo => Copy("[photo]"),
            MessageType.Document => Copy(message.Document?.FileName is { Length: > 0 } file ? $"[file {file}]" : "[file]"),
            MessageType.Video => Copy("[video]"),
            MessageType.Animation => Copy("[GIF]"),
            MessageType.Audio => Copy("[audio]"),
            MessageType.Voice => Copy("[voice message]"),
            MessageType.Sticker => Said(message.Sticker?.Emoji is { Length: > 0 } emoji ? $"[sticker {emoji}]" : "[sticker]"),
            MessageType.VideoNote => Said("[video message]"),
            MessageType.Location or MessageType.Venue => Said("[location]"),
            MessageType.Contact => Said("[contact]"),
            MessageType.Poll => Said("[poll]"),
            MessageType.Dice => Said("[dice]"),
            _ => null,
        };

        Content Copy(string label) => new(label + caption, label, true);

        static Content Said(string label) => new(label, label, false);
    }

    private static string SourceId(long updateId) => string.Create(CultureInfo.InvariantCulture, $"telegram:update:{updateId}");

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <param name="Text">For the desk: the text, or label and caption.</param>
    /// <param name="Label">What kind of message it is, e.g. <c>[photo]</c>; empty for a text.</param>
    /// <param name="Copied">Relayed as a copy (it has a photo, a file…), not as words.</param>
    private sealed record Content(string Text, string Label, bool Copied);

    private sealed record Author(string Id, string Name, bool IsStaff);
}
