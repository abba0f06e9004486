using System.Globalization;
using StackExchange.Redis;

namespace SupportBot.Instances.Tests.Support;

/// <summary>
/// Reads what the instances keep in Redis, as stored (not through a store of the test's own, whose expiry would go by
/// the test's clock rather than the bots'): a conversation's version, updates not yet handled, calls not yet confirmed.
/// </summary>
internal sealed class StoreProbe(IConnectionMultiplexer redis, string prefix)
{
    /// <summary>The stored version of a Telegram private chat's conversation: one per turn; 0 when none.</summary>
    public async Task<long> VersionAsync(long chat) =>
        (long?)await redis.GetDatabase().HashGetAsync($"{prefix}conversation:telegram/{chat.ToString(CultureInfo.InvariantCulture)}", "version") ?? 0;

    /// <summary>Telegram calls committed but not yet confirmed sent.</summary>
    public async Task<long> OwedAsync() => await redis.GetDatabase().SortedSetLengthAsync($"{prefix}outbound:channel:telegram");

    /// <summary>Telegram updates stored but not yet handled.</summary>
    public async Task<long> PendingAsync() => await redis.GetDatabase().SortedSetLengthAsync($"{prefix}inbox-pending:telegram");

    /// <summary>Nothing left to handle or to send: nothing can still be sent (twice or at all).</summary>
    public async Task<bool> SettledAsync() => await PendingAsync() == 0 && await OwedAsync() == 0;

    /// <summary>Checks <paramref name="condition"/> every 50 ms until it holds; a minute at most.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string description)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException("waited a minute for " + description);
    }
}
