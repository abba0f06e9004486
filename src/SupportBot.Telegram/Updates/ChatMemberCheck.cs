using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// Who someone is in a chat, asked with getChatMember and remembered for <see cref="TelegramOptions.AdminCacheTime"/>:
/// moderators are the chat's administrators and the user ids in <c>Telegram:ModeratorIds</c>; staff are the members of
/// the staff chat. A group's whole list of administrators (getChatAdministrators) is remembered as long, for the scam
/// checks, which ask about every message's author.
/// </summary>
public sealed class ChatMemberCheck(ITelegramBotClient bot, IOptions<TelegramOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(long Chat, long User), (ChatMemberStatus Status, DateTimeOffset Until)> cache = new();
    private readonly ConcurrentDictionary<long, (IReadOnlyList<ChatMember> Admins, DateTimeOffset Until)> admins = new();

    /// <summary>
    /// The chat's creator and administrators (anonymous ones included, with their <c>is_anonymous</c> flag); null when
    /// Telegram would not say (the bot is not in the chat, a private chat). Refusals are not remembered.
    /// </summary>
    public async Task<IReadOnlyList<ChatMember>?> AdministratorsAsync(long chatId, CancellationToken cancellationToken)
    {
        if (admins.TryGetValue(chatId, out var known) && known.Until > time.GetUtcNow())
        {
            return known.Admins;
        }

        ChatMember[] list;
        try
        {
            list = await bot.GetChatAdministrators(chatId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ApiRequestException)
        {
            return null;
        }

        var until = time.GetUtcNow() + options.Value.AdminCacheTime;
        admins[chatId] = (list, until);
        foreach (var admin in list)
        {
            cache[(chatId, admin.User.Id)] = (admin.Status, until);
        }

        return list;
    }

    /// <summary>
    /// A chat_member update: the user's status in the chat is known now, and when someone became or stopped being an
    /// administrator the chat's list is asked again next time.
    /// </summary>
    public void Changed(long chatId, ChatMember before, ChatMember after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        cache[(chatId, after.User.Id)] = (after.Status, time.GetUtcNow() + options.Value.AdminCacheTime);
        if (before.IsAdmin || after.IsAdmin)
        {
            admins.TryRemove(chatId, out _);
        }
    }

    public async Task<bool> IsModeratorAsync(long chatId, long userId, CancellationToken cancellationToken) =>
        options.Value.ModeratorIds.Contains(userId)
        || await StatusAsync(chatId, userId, cancellationToken).ConfigureAwait(false) is ChatMemberStatus.Administrator or ChatMemberStatus.Creator;

    /// <summary>
    /// A full member of the chat: its creator, an administrator or a member. Someone who left, was removed or is
    /// restricted is not, even while an old message of theirs is still being handled.
    /// </summary>
    public async Task<bool> IsMemberAsync(long chatId, long userId, CancellationToken cancellationToken) =>
        await StatusAsync(chatId, userId, cancellationToken).ConfigureAwait(false)
            is ChatMemberStatus.Administrator or ChatMemberStatus.Creator or ChatMemberStatus.Member;

    private async Task<ChatMemberStatus?> StatusAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue((chatId, userId), out var known) && known.Until > time.GetUtcNow())
        {
            return known.Status;
        }

        ChatMemberStatus status;
        try
        {
            status = (await bot.GetChatMember(chatId, userId, cancellationToken).ConfigureAwait(false)).Status;
        }
        catch (ApiRequestException)
        {
            // Unknown member or chat: nobody. Not cached, so a transient refusal is not remembered.
            return null;
        }

        cache[(chatId, userId)] = (status, time.GetUtcNow() + options.Value.AdminCacheTime);
        return status;
    }
}
