using System.Globalization;
using SupportBot.Core.Channels;

namespace SupportBot.Discord.Gateway;

/// <summary>
/// Discord's Identify rate limit across every process that shares one <see cref="ILeaseStore"/>: shards fall in
/// buckets <c>shard_id % max_concurrency</c>, and at most one shard per bucket may Identify per window (5 s). The
/// slot is the lease <c>discord:identify:&lt;bucket&gt;</c>, taken with a new holder for each Identify and never
/// released early, so it stays taken for the whole window whoever holds it.
/// </summary>
public sealed class IdentifyQueue
{
    /// <summary>How often a shard waiting for its bucket asks again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly ILeaseStore leases;
    private readonly TimeProvider time;

    /// <param name="leases">The store every process of the bot shares (in memory for one process).</param>
    /// <param name="maxConcurrency"><c>session_start_limit.max_concurrency</c>: the number of buckets.</param>
    /// <param name="window">How long a bucket stays taken after an Identify: 5 s at Discord.</param>
    /// <param name="slack">
    /// Added to the lease: the slot is taken before connecting, and the Identify follows the Hello a moment later, so the
    /// next shard of the bucket is held back a little longer than the window.
    /// </param>
    /// <param name="time">The clock for waiting between attempts.</param>
    public IdentifyQueue(ILeaseStore leases, int maxConcurrency, TimeSpan window, TimeSpan slack, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(slack, TimeSpan.Zero);
        this.leases = leases;
        MaxConcurrency = maxConcurrency;
        Window = window;
        Slack = slack;
        this.time = time;
    }

    /// <summary>The number of buckets.</summary>
    public int MaxConcurrency { get; }

    /// <summary>How long one Identify keeps its bucket.</summary>
    public TimeSpan Window { get; }

    /// <summary>Added to <see cref="Window"/> for the lease.</summary>
    public TimeSpan Slack { get; }

    /// <summary>The lease name of <paramref name="shardId"/>'s bucket.</summary>
    public string LeaseName(int shardId) => "discord:identify:" + (shardId % MaxConcurrency).ToString(CultureInfo.InvariantCulture);

    /// <summary>Waits until <paramref name="shardId"/>'s bucket is free and takes it for one Identify.</summary>
    public async Task WaitTurnAsync(int shardId, CancellationToken cancellationToken)
    {
        var hold = Window + Slack;
        if (hold <= TimeSpan.Zero)
        {
            return;
        }

        var name = LeaseName(shardId);

        // A fresh holder per Identify: the same shard identifying again must wait out its own last slot, not renew it.
        var holder = Guid.NewGuid().ToString("N");
        while (!await leases.TryAcquireAsync(name, holder, hold, cancellationToken).ConfigureAwait(false))
        {
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
