using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Messages;
using SupportBot.Core.Scams;
using SupportBot.Telegram.Rendering;
using SupportBot.Telegram.Sending;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// The Telegram side of the scam defence: group messages (new and edited), joins, <c>/check</c> and the moderators'
/// "not a scam" buttons are mapped to <see cref="ScamGuard"/>, and its <see cref="ScamDecision"/> is carried out
/// through the update's <see cref="TelegramTurn"/>: the message deleted and the member restricted at once, the public
/// reminder and the moderators' log line sent with the turn.
/// </summary>
/// <remarks>
/// Staff are the group's administrators (getChatAdministrators, remembered for <see cref="TelegramOptions.AdminCacheTime"/>),
/// anonymous administrators (a message sent as the group itself) and <c>Telegram:ModeratorIds</c>: never checked, and
/// their names are the ones nobody else may wear. A message sent on behalf of a channel is checked for links and
/// fake-support wording, not for its name: a channel's title is not a member's name, and a channel cannot be
/// restricted. Posts of the group's linked channel are the group's own. The staff chat of tickets and the moderators'
/// log chats are never checked.
/// </remarks>
public sealed class TelegramScamDefence(
    ScamGuard guard,
    ChatMemberCheck members,
    TelegramBotIdentity me,
    ContentCatalog content,
    IOptions<TelegramOptions> telegramOptions,
    IOptionsMonitor<ScamOptions> scamOptions,
    TimeProvider time,
    ILogger<TelegramScamDefence> logger)
{
    /// <summary>The platform's name in <c>Scams:Communities</c>.</summary>
    public const string Platform = "Telegram";

    /// <summary>
    /// A message in a group, new or edited: its text or caption, the links Telegram carries apart from it, and its
    /// author's name; the decision carried out.
    /// </summary>
    /// <returns>True when the message was deleted (nothing more should answer it).</returns>
    public async Task<bool> OnGroupMessageAsync(TelegramTurn turn, Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(message);
        if (IsOwnChat(message.Chat.Id))
        {
            return false;
        }

        var staff = await StaffAsync(message.Chat, message.SenderChat is null ? message.From?.Id : null, cancellationToken).ConfigureAwait(false);
        if (Author(message, staff) is not { } author)
        {
            return false;
        }

        var community = Community(message.Chat, staff);
        var decision = guard.OnMessage(community, author, message.Text ?? message.Caption ?? "", ShownLinks(message));
        var restrictable = message.SenderChat is null ? message.From?.Id : null;
        return await ExecuteAsync(turn, message.Chat, community, decision, restrictable, message.MessageId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Members added to a group or joining it (a <c>new_chat_members</c> service message).</summary>
    public async Task OnJoinedAsync(TelegramTurn turn, Chat chat, IEnumerable<User> joined, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(joined);
        foreach (var user in joined)
        {
            await OnJoinAsync(turn, chat, user, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A <c>chat_member</c> update (sent only to administrators that ask for it): who is an administrator may have
    /// changed, and someone who was not in the group (left, removed) may be in it now.
    /// </summary>
    public async Task OnMemberChangedAsync(TelegramTurn turn, ChatMemberUpdated change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        members.Changed(change.Chat.Id, change.OldChatMember, change.NewChatMember);
        if (change.Chat.Type is ChatType.Group or ChatType.Supergroup && !IsIn(change.OldChatMember) && IsIn(change.NewChatMember))
        {
            await OnJoinAsync(turn, change.Chat, change.NewChatMember.User, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A "not a scam" button under a log line: a moderator of the log chat marks the domain, the button goes and the
    /// log says who marked it; anyone else is told so in an alert and nothing changes.
    /// </summary>
    /// <returns>False when the press is not one of these buttons (it is then answered as any other).</returns>
    public async Task<bool> OnButtonAsync(TelegramTurn turn, CallbackQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(query);
        if (!ScamGuard.TryParseNotScamPayload(query.Data, out var host) || query.Message is not { } message || !IsLogChat(message.Chat.Id))
        {
            return false;
        }

        var chatId = message.Chat.Id;
        if (!await members.IsModeratorAsync(chatId, query.From.Id, cancellationToken).ConfigureAwait(false))
        {
            var refused = content.Texts.Get(LanguageOf(query.From.LanguageCode), "scams-links.mark.refused");
            await turn.AnswerCallbackNowAsync(query.Id, query.From.Id, cancellationToken, refused, showAlert: true).ConfigureAwait(false);
            logger.LogInformation("User {User} is no moderator of log chat {Chat}: their \"not a scam\" was refused", query.From.Id, chatId);
            return true;
        }

        await turn.AnswerCallbackNowAsync(query.Id, query.From.Id, cancellationToken).ConfigureAwait(false);
        var community = CommunityLoggingTo(chatId);
        var result = await guard.MarkNotScamAsync(host, $"telegram:{query.From.Id.ToString(CultureInfo.InvariantCulture)}", community, cancellationToken)
            .ConfigureAwait(false);
        if (message.Date != default)
        {
            // An inaccessible message (date 0) comes without its buttons: leave them rather than guess.
            turn.ReplaceButtons(chatId, true, message.MessageId, Without(message.ReplyMarkup, query.Data!));
        }
        Send(turn, chatId, new OutboundMessage(guard.MarkedText(community, host, NameOf(query.From), result)), message.MessageId);
        return true;
    }

    /// <summary>
    /// <c>/check</c>: the guard's answer in the asker's language. Without a query, in reply to a message, that
    /// message is checked (its text and the links it hides behind words).
    /// </summary>
    public async Task CheckAsync(TelegramTurn turn, Message message, string? query, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(query) && message.ReplyToMessage is { } replied)
        {
            query = string.Join(' ', new[] { replied.Text ?? replied.Caption ?? "" }.Concat(ShownLinks(replied).Select(l => l.Url)));
        }

        var answer = await guard.CheckAsync(query, language, cancellationToken).ConfigureAwait(false);
        var isGroup = message.Chat.Type != ChatType.Private;
        foreach (var part in TelegramHtml.Render(new OutboundMessage(answer)))
        {
            turn.Send(message.Chat.Id, isGroup, part, isGroup ? message.MessageId : null);
        }
    }

    /// <summary>
    /// The links Telegram shows apart from the words (<c>text_link</c> entities of the text and of the caption), each
    /// with the words it hides behind; offsets count UTF-16 code units, as .NET strings do.
    /// </summary>
    public static IReadOnlyList<ShownLink> ShownLinks(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return [.. Hidden(message.Text, message.Entities), .. Hidden(message.Caption, message.CaptionEntities)];

        static IEnumerable<ShownLink> Hidden(string? text, MessageEntity[]? entities) =>
            (entities ?? []).Where(e => e.Type == MessageEntityType.TextLink && !string.IsNullOrEmpty(e.Url))
                .Select(e => new ShownLink(e.Url!, text is not null && e.Offset >= 0 && e.Length >= 0 && e.Offset + e.Length <= text.Length
                    ? text.Substring(e.Offset, e.Length)
                    : null));
    }

    private async Task OnJoinAsync(TelegramTurn turn, Chat chat, User user, CancellationToken cancellationToken)
    {
        if (user.IsBot || IsOwnChat(chat.Id))
        {
            return;
        }

        var staff = await StaffAsync(chat, user.Id, cancellationToken).ConfigureAwait(false);
        var community = Community(chat, staff);
        var member = new ScamMember(Id(user.Id), NameOf(user, withUsername: false), user.Username, IsStaff: staff.Has(user.Id));
        await ExecuteAsync(turn, chat, community, guard.OnJoin(community, member), user.Id, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes, restricts, warns and logs as decided; a refusal is noted in the log line, never fatal.</summary>
    /// <returns>True when the message was deleted.</returns>
    private async Task<bool> ExecuteAsync(TelegramTurn turn, Chat chat, ScamCommunity community, ScamDecision decision, long? userId, int? messageId,
        CancellationToken cancellationToken)
    {
        if (decision.Actions == ScamActions.None)
        {
            return false;
        }

        var logLanguage = guard.PolicyFor(community).LogLanguage;
        var notes = new List<string>();
        var deleted = false;
        if (decision.Actions.HasFlag(ScamActions.Delete) && messageId is { } id)
        {
            deleted = await turn.DeleteNowAsync(chat.Id, id, isGroup: true, cancellationToken).ConfigureAwait(false);
            if (!deleted)
            {
                notes.Add(content.Texts.Get(logLanguage, "scams-telegram.log.not-deleted"));
                logger.LogWarning("Could not delete a flagged message in chat {Chat}: the bot needs the \"Delete messages\" right", chat.Id);
            }
        }

        if (decision.Actions.HasFlag(ScamActions.Restrict) && decision.RestrictFor is { } restrictFor)
        {
            // Only supergroups have restrictions, and only users can be restricted (not a channel writing in the group).
            var restricted = userId is { } user && chat.Type == ChatType.Supergroup
                && await turn.RestrictNowAsync(chat.Id, user, time.GetUtcNow() + restrictFor, cancellationToken).ConfigureAwait(false);
            if (!restricted)
            {
                notes.Add(content.Texts.Get(logLanguage, "scams-telegram.log.not-restricted"));
                logger.LogWarning("Could not restrict a member in chat {Chat}: a supergroup where the bot has \"Ban users\" is needed", chat.Id);
            }
        }

        // A message still there must not be called removed.
        var deleteFailed = decision.Actions.HasFlag(ScamActions.Delete) && messageId is not null && !deleted;
        if (decision.Actions.HasFlag(ScamActions.Warn) && (deleteFailed ? decision.PublicTextIfKept ?? decision.PublicText : decision.PublicText) is { } warning)
        {
            Send(turn, chat.Id, new OutboundMessage(warning) { Kind = MessageKind.Warning }, deleted ? null : messageId);
        }

        if (decision.Actions.HasFlag(ScamActions.Log) && decision.LogLine is { } line && long.TryParse(decision.ModLog, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var logChat))
        {
            var buttons = decision.FlaggedHosts
                .Select(host => (host, payload: ScamGuard.NotScamPayload(host)))
                .Where(b => b.payload is not null)
                .Select(b => new ChoiceButton(guard.NotScamButton(community, b.host), b.payload!))
                .ToList();
            Send(turn, logChat, new OutboundMessage(string.Join('\n', [line, .. notes])) { Choices = buttons }, null);
        }

        return deleted;
    }

    /// <summary>Who wrote, as the guard sees them; null when nobody is to be checked (a bot, an anonymous administrator, the group's own channel).</summary>
    private ScamMember? Author(Message message, Staff staff)
    {
        if (message.SenderChat is { } sender)
        {
            if (sender.Id == message.Chat.Id || message.IsAutomaticForward)
            {
                return null;
            }

            return new ScamMember(Id(sender.Id), sender.Title, sender.Username) { NameChecked = false };
        }

        return message.From is { IsBot: false } from
            ? new ScamMember(Id(from.Id), NameOf(from, withUsername: false), from.Username, IsStaff: staff.Has(from.Id))
            : null;
    }

    /// <param name="chat">The group.</param>
    /// <param name="userId">The user about to be checked: asked about alone when the list is unavailable.</param>
    /// <param name="cancellationToken">Stops the asking.</param>
    private async Task<Staff> StaffAsync(Chat chat, long? userId, CancellationToken cancellationToken)
    {
        var moderators = telegramOptions.Value.ModeratorIds;
        if (await members.AdministratorsAsync(chat.Id, cancellationToken).ConfigureAwait(false) is not { } admins)
        {
            // No list (Telegram refused): the user is asked about on their own, with getChatMember.
            var isModerator = userId is { } user && await members.IsModeratorAsync(chat.Id, user, cancellationToken).ConfigureAwait(false);
            return new Staff([.. moderators, .. isModerator ? [userId!.Value] : Array.Empty<long>()], [], []);
        }

        var people = admins.Select(a => a.User).ToList();
        return new Staff(
            [.. moderators, .. people.Select(u => u.Id)],
            [.. people.Select(u => NameOf(u, withUsername: false)), .. people.Select(u => u.Username).OfType<string>()],
            [.. people.Select(u => u.Username).OfType<string>()]);
    }

    private ScamCommunity Community(Chat chat, Staff staff) => new(Platform, Id(chat.Id), chat.Title)
    {
        StaffNames = staff.Names,
        StaffUsernames = staff.Usernames,
        BotNames = [.. new[] { me.Name, me.Username }.Where(n => n.Length > 0)],
    };

    /// <summary>The one configured community whose log is this chat, if exactly one (its log language, its key for the allowlist).</summary>
    private ScamCommunity? CommunityLoggingTo(long logChat)
    {
        var id = Id(logChat);
        var logging = TelegramPolicies().Where(p => p.Id is not null && p.Policy.ModLog == id).Select(p => p.Id!).Distinct().ToList();
        return logging.Count == 1 ? new ScamCommunity(Platform, logging[0]) : null;
    }

    private bool IsOwnChat(long chatId) => chatId == telegramOptions.Value.StaffChatId || IsLogChat(chatId);

    private bool IsLogChat(long chatId)
    {
        var id = Id(chatId);
        return TelegramPolicies().Any(p => p.Policy.ModLog == id);
    }

    /// <summary>The default policy (id null) and every Telegram group's own.</summary>
    private IEnumerable<(string? Id, ScamPolicy Policy)> TelegramPolicies()
    {
        var options = scamOptions.CurrentValue;
        yield return (null, options.Defaults);
        foreach (var (platform, communities) in options.Communities)
        {
            if (string.Equals(platform, Platform, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var (id, policy) in communities)
                {
                    yield return (id, policy);
                }
            }
        }
    }

    private static void Send(TelegramTurn turn, long chatId, OutboundMessage message, int? replyTo)
    {
        foreach (var part in TelegramHtml.Render(message))
        {
            turn.Send(chatId, chatId < 0, part, replyTo);
        }
    }

    /// <summary>The keyboard without the pressed button (and rows left empty); null when nothing is left.</summary>
    private static InlineKeyboardMarkup? Without(InlineKeyboardMarkup? keyboard, string pressed)
    {
        var rows = (keyboard?.InlineKeyboard ?? [])
            .Select(row => row.Where(b => b.CallbackData != pressed).ToList())
            .Where(row => row.Count > 0)
            .ToList();
        return rows.Count == 0 ? null : new InlineKeyboardMarkup(rows);
    }

    private static bool IsIn(ChatMember member) => member.Status switch
    {
        ChatMemberStatus.Creator or ChatMemberStatus.Administrator or ChatMemberStatus.Member => true,
        ChatMemberStatus.Restricted => member is ChatMemberRestricted { IsMember: true },
        _ => false,
    };

    private static string NameOf(User user, bool withUsername = true)
    {
        var name = string.IsNullOrEmpty(user.LastName) ? user.FirstName : $"{user.FirstName} {user.LastName}";
        return withUsername && user.Username is { Length: > 0 } username ? "@" + username : name;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string LanguageOf(string? locale) => TextCatalog.LanguageFromLocale(locale);

    /// <summary>A group's staff as far as the scam checks care: who is exempt, and whose names are protected.</summary>
    private sealed record Staff(IReadOnlyList<long> Ids, IReadOnlyList<string> Names, IReadOnlyList<string> Usernames)
    {
        public bool Has(long userId) => Ids.Contains(userId);
    }
}
