using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// Who someone is in a chat, asked with getChatMember and remembered for <see cref="TelegramOptions.AdminCacheTime"/>:
/// moderators are the chat's administrators and the user ids in <c>Telegram:ModeratorIds</c>; staff are the members of
/// the staff chat.
/// </summary>
public sealed class ChatMemberCheck(ITelegramBotClient bot, IOptions<TelegramOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(long Chat, long User), (ChatMemberStatus Status, DateTimeOffset Until)> cache = new();

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
