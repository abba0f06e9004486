using System.Globalization;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Channels;

namespace SupportBot.Discord;

/// <summary>
/// Which shards this process runs when several processes share one <see cref="ILeaseStore"/> and none is told its
/// shards: it runs a shard while it holds the lease <c>discord:shard:&lt;id&gt;</c>. Every <see cref="RenewEvery"/> a
/// round renews the held leases and claims or gives up shards, so when a process dies another takes its shards once
/// their leases expire, and at once when it stops gracefully (it releases them).
/// </summary>
/// <remarks>
/// Fair share: each process also holds one presence slot, the first free lease of <c>discord:instance:0</c> …
/// <c>discord:instance:&lt;ShardCount-1&gt;</c> (the store cannot list holders, so live processes are counted over
/// numbered slots; a process beyond <c>ShardCount</c> finds no slot and counts itself). A process then holds at most
/// ceil(ShardCount / live processes): it claims free shards, lowest first, up to that share, and gives up its highest
/// ones above it (a process joined). The first round only takes the slot, so processes started together see each
/// other before anyone claims, and split the shards without one taking them all first.
/// </remarks>
public sealed class ShardClaims
{
    /// <summary>
    /// How long a shard stays with a process that stopped renewing: the longest its guilds go unanswered when the process
    /// dies. Three renewals fit in it, so a slow store call or two does not hand a healthy shard over.
    /// </summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    /// <summary>How often leases are renewed and free shards looked for (a standby process takes over this late at most).</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    private readonly ILeaseStore leases;
    private readonly int shardCount;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    // Each held shard with when its lease was last renewed (the time before the call: the lease runs from then at the latest).
    private readonly SortedDictionary<int, DateTimeOffset> held = [];
    private int? slot;

    /// <param name="leases">The store every process of the bot shares.</param>
    /// <param name="holder">This process's unique name on the leases.</param>
    /// <param name="shardCount">The bot's total number of shards.</param>
    /// <param name="time">The clock leases are renewed on.</param>
    /// <param name="logger">Where taking, losing and giving up shards is told.</param>
    public ShardClaims(ILeaseStore leases, string holder, int shardCount, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.leases = leases;
        Holder = holder;
        this.shardCount = shardCount;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>This process's name on the leases.</summary>
    public string Holder { get; }

    /// <summary>The lease on running shard <paramref name="shardId"/>.</summary>
    public static string ShardLease(int shardId) => "discord:shard:" + shardId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The presence lease of slot <paramref name="slot"/>: one per live process.</summary>
    public static string InstanceLease(int slot) => "discord:instance:" + slot.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One round: renews the presence slot and the held shards, then (when <paramref name="claim"/>) claims free shards
    /// up to the fair share or gives up those above it. A shard whose lease was lost, or could not be renewed for so
    /// long that it may expire before the next round, is no longer held.
    /// </summary>
    /// <param name="claim">False on the first round: only make this process seen.</param>
    /// <param name="cancellationToken">Stops the round.</param>
    /// <returns>The shards to run now, and those given up: stop them first, then <see cref="ReleaseAsync"/> them.</returns>
    public async Task<(IReadOnlySet<int> Run, IReadOnlyList<int> GiveUp)> RoundAsync(bool claim, CancellationToken cancellationToken)
    {
        var reachable = await KeepSlotAsync(cancellationToken).ConfigureAwait(false);
        reachable &= await RenewShardsAsync(cancellationToken).ConfigureAwait(false);
        List<int> giveUp = [];
        if (claim && reachable)
        {
            try
            {
                var live = await LiveProcessesAsync(cancellationToken).ConfigureAwait(false);
                var share = (shardCount + live - 1) / live;
                giveUp = [.. held.Keys.Reverse().Take(Math.Max(0, held.Count - share))];
                foreach (var shardId in giveUp)
                {
                    held.Remove(shardId);
                    logger.LogInformation("Giving up Discord shard {ShardId}: this process runs more than its share of {Share}", shardId, share);
                }

                for (var shardId = 0; shardId < shardCount && held.Count < share; shardId++)
                {
                    var before = time.GetUtcNow();
                    if (!held.ContainsKey(shardId) && !giveUp.Contains(shardId)
                        && await leases.TryAcquireAsync(ShardLease(shardId), Holder, Duration, cancellationToken).ConfigureAwait(false))
                    {
                        held[shardId] = before;
                        logger.LogInformation("Took Discord shard {ShardId} of {ShardCount}", shardId, shardCount);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not look for free Discord shards in the shared store: {Error}", ex.Message);
            }
        }

        return (new SortedSet<int>(held.Keys), giveUp);
    }

    /// <summary>
    /// Releases the lease of a shard <see cref="RoundAsync"/> gave up, once its connection is closed, so another process
    /// takes it at its next round. May run alongside the next round: it does not touch what is held.
    /// </summary>
    public Task ReleaseAsync(int shardId, CancellationToken cancellationToken) =>
        ReleaseQuietlyAsync(ShardLease(shardId), cancellationToken);

    /// <summary>
    /// Gives up every lease of this process (graceful stop), once its connections are closed: the others take the shards
    /// at their next round.
    /// </summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        foreach (var shardId in held.Keys.ToList())
        {
            held.Remove(shardId);
            await ReleaseAsync(shardId, cancellationToken).ConfigureAwait(false);
        }

        if (slot is { } mine)
        {
            slot = null;
            await ReleaseQuietlyAsync(InstanceLease(mine), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReleaseQuietlyAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await leases.ReleaseAsync(name, Holder, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not release the lease {Lease}; another process takes it when it expires: {Error}", name, ex.Message);
        }
    }

    /// <summary>Renews the presence slot, or takes the first free one; false when the store cannot be reached.</summary>
    private async Task<bool> KeepSlotAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (slot is { } mine && await leases.TryAcquireAsync(InstanceLease(mine), Holder, Duration, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            slot = null;
            for (var candidate = 0; candidate < shardCount; candidate++)
            {
                if (await leases.TryAcquireAsync(InstanceLease(candidate), Holder, Duration, cancellationToken).ConfigureAwait(false))
                {
                    slot = candidate;
                    break;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not reach the shared store to renew this process's presence: {Error}", ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Renews each held shard's lease. One another process holds now is lost; one that could not be renewed is given up
    /// while its lease still runs for a round, so its connection closes before another process can take the shard.
    /// </summary>
    private async Task<bool> RenewShardsAsync(CancellationToken cancellationToken)
    {
        var reachable = true;
        foreach (var (shardId, renewed) in held.ToList())
        {
            var before = time.GetUtcNow();
            try
            {
                if (await leases.TryAcquireAsync(ShardLease(shardId), Holder, Duration, cancellationToken).ConfigureAwait(false))
                {
                    held[shardId] = before;
                    continue;
                }

                held.Remove(shardId);
                logger.LogWarning("Lost Discord shard {ShardId}: another process holds its lease now", shardId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                reachable = false;
                if (before - renewed + RenewEvery >= Duration)
                {
                    held.Remove(shardId);
                    logger.LogWarning("Stopping Discord shard {ShardId}: its lease could not be renewed for {Seconds:0} s and may expire before the next try ({Error})",
                        shardId, (before - renewed).TotalSeconds, ex.Message);
                }
                else
                {
                    logger.LogWarning("Could not renew the lease of Discord shard {ShardId}; trying again in {Seconds:0} s: {Error}", shardId, RenewEvery.TotalSeconds, ex.Message);
                }
            }
        }

        return reachable;
    }

    /// <summary>The processes holding a presence slot, this one counted even when it found none.</summary>
    private async Task<int> LiveProcessesAsync(CancellationToken cancellationToken)
    {
        var live = slot is null ? 1 : 0;
        for (var candidate = 0; candidate < shardCount; candidate++)
        {
            if (await leases.HolderAsync(InstanceLease(candidate), cancellationToken).ConfigureAwait(false) is not null)
            {
                live++;
            }
        }

        return live;
    }
}
