namespace SupportBot.Core.Channels;

/// <summary>
/// Named leases shared by every instance on one store: work only one instance may do at a time (polling Telegram, a
/// Discord shard, one chat's updates) is done by the holder of its lease. A lease expires unless renewed, so when its
/// holder dies another instance takes it over within one lease time.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease for <paramref name="duration"/> if it is free or expired, or renews it if
    /// <paramref name="holder"/> already holds it.
    /// </summary>
    /// <returns>True when <paramref name="holder"/> holds the lease now.</returns>
    Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up, if <paramref name="holder"/> holds it (a graceful stop hands work over at once).</summary>
    Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken);

    /// <summary>Who holds the lease now, or null.</summary>
    Task<string?> HolderAsync(string name, CancellationToken cancellationToken);
}

/// <summary><see cref="ILeaseStore"/> in process memory: one instance, or tests.</summary>
public sealed class InMemoryLeaseStore(TimeProvider time) : ILeaseStore
{
    private readonly Dictionary<string, (string Holder, DateTimeOffset Until)> leases = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <inheritdoc />
    public Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (leases.TryGetValue(name, out var lease) && lease.Until > now && lease.Holder != holder)
            {
                return Task.FromResult(false);
            }

            leases[name] = (holder, now + duration);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (leases.TryGetValue(name, out var lease) && lease.Holder == holder)
            {
                leases.Remove(name);
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<string?> HolderAsync(string name, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(leases.TryGetValue(name, out var lease) && lease.Until > time.GetUtcNow() ? lease.Holder : null);
        }
    }
}
