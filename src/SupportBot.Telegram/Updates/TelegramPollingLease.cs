using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Channels;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// Which instance polls Telegram when several share one store: the holder of the lease <c>telegram:polling</c>.
/// Telegram allows one getUpdates at a time, and the inbox and outbound log are shared, so only the holder polls and
/// works through them; the others stand by and one of them takes over within <see cref="Duration"/> when the holder
/// dies, at once when it stops gracefully: registered before the processor and delivery, this service stops after
/// them, so the lease is released only when the updates and calls this instance started are finished.
/// </summary>
public sealed class TelegramPollingLease(ILeaseStore leases, ILogger<TelegramPollingLease> logger) : IHostedService
{
    public const string Name = "telegram:polling";

    /// <summary>How long the lease lasts unless renewed: the longest a dead holder's polling is missed.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    /// <summary>How often the holder renews, and how often a standby instance tries to take over.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(3);

    private volatile bool held;

    /// <summary>This process's name on the lease: machine, process id and a random part (two hosts in one process differ).</summary>
    public string Holder { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Whether this instance held the lease at its last take or renewal.</summary>
    public bool Held => held;

    /// <summary>Takes the lease, or renews it when this instance holds it already.</summary>
    public async Task<bool> TryTakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            held = await leases.TryAcquireAsync(Name, Holder, Duration, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            held = false;
            throw;
        }

        return held;
    }

    /// <summary>Gives the lease up, so a standby instance takes over at its next try.</summary>
    public Task ReleaseAsync(CancellationToken cancellationToken)
    {
        held = false;
        return leases.ReleaseAsync(Name, Holder, cancellationToken);
    }

    /// <summary>The holder stopped renewing (it could not reach the store for a lease time): another may hold it now.</summary>
    internal void Lost() => held = false;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Releases the lease, when this instance holds it, after everything it started is finished.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not release the Telegram polling lease; another instance takes over when it expires: {Error}", ex.Message);
        }
    }
}
