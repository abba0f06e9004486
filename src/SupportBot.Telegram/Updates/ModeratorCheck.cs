using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// Moderators are the chat's administrators (asked with getChatMember, remembered briefly) and the user ids in
/// <c>Telegram:ModeratorIds</c>.
/// </summary>
public sealed class ModeratorCheck(ITelegramBotClient bot, IOptions<TelegramOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(long Chat, long User), (bool IsAdmin, DateTimeOffset Until)> cache = new();

    public async Task<bool> IsModeratorAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        if (options.Value.ModeratorIds.Contains(userId))
        {
            return true;
        }

        if (cache.TryGetValue((chatId, userId), out var known) && known.Until > time.GetUtcNow())
        {
            return known.IsAdmin;
        }

        bool isAdmin;
        try
        {
            isAdmin = (await bot.GetChatMember(chatId, userId, cancellationToken).ConfigureAwait(false)).IsAdmin;
        }
        catch (ApiRequestException)
        {
            // Unknown member or chat: not a moderator. Not cached, so a transient refusal is not remembered.
            return false;
        }

        cache[(chatId, userId)] = (isAdmin, time.GetUtcNow() + options.Value.AdminCacheTime);
        return isAdmin;
    }
}
