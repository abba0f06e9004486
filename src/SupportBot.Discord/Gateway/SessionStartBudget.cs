using SupportBot.Discord.Rest;

namespace SupportBot.Discord.Gateway;

/// <summary>
/// The Identifies left today (<c>session_start_limit</c> of <c>GET /gateway/bot</c>), shared by every shard of the
/// process. Going over it ends every session and resets the token, so none is sent when it is spent; once
/// <c>reset_after</c> has passed, the budget is asked of Discord again (when a refresh is given).
/// </summary>
public sealed class SessionStartBudget
{
    private readonly TimeProvider time;
    private readonly Func<CancellationToken, Task<SessionStartLimit>>? refresh;
    private readonly Lock gate = new();
    private int remaining;
    private DateTimeOffset resetsAt;

    /// <param name="limit">The limit as <c>GET /gateway/bot</c> gave it.</param>
    /// <param name="time">The clock <c>reset_after</c> counts on.</param>
    /// <param name="refresh">Asks Discord for the limit again once it has reset; null: the budget never refills.</param>
    public SessionStartBudget(SessionStartLimit limit, TimeProvider time, Func<CancellationToken, Task<SessionStartLimit>>? refresh = null)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        this.refresh = refresh;
        remaining = Math.Max(0, limit.Remaining);
        resetsAt = time.GetUtcNow() + limit.ResetAfter;
    }

    /// <summary>A budget of <paramref name="identifies"/> that never refills.</summary>
    internal SessionStartBudget(int identifies, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        remaining = Math.Max(0, identifies);
        resetsAt = DateTimeOffset.MaxValue;
    }

    /// <summary>Identifies left now.</summary>
    public int Remaining
    {
        get
        {
            lock (gate)
            {
                return remaining;
            }
        }
    }

    /// <summary>When Discord refills the budget.</summary>
    public DateTimeOffset ResetsAt
    {
        get
        {
            lock (gate)
            {
                return resetsAt;
            }
        }
    }

    /// <summary>Whether an Identify may go out; asks Discord for the budget again when it is spent and has reset.</summary>
    public async Task<bool> HasRemainingAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (remaining > 0 || refresh is null || time.GetUtcNow() < resetsAt)
            {
                return remaining > 0;
            }
        }

        var limit = await refresh(cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            remaining = Math.Max(0, limit.Remaining);
            resetsAt = time.GetUtcNow() + limit.ResetAfter;
            return remaining > 0;
        }
    }

    /// <summary>Takes one Identify; false when none is left.</summary>
    public bool TryTake()
    {
        lock (gate)
        {
            if (remaining <= 0)
            {
                return false;
            }

            remaining--;
            return true;
        }
    }
}
