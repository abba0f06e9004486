using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Channels;
using SupportBot.Core.Tickets;

namespace SupportBot.Host.Composition;

/// <summary>
/// Now and then, warns about quiet tickets and closes those still quiet after the warning
/// (<see cref="TicketDesk.SweepInactiveAsync"/>). With several instances on one store, one sweeps at a time: the
/// sweep runs under a lease, so a ticket is never warned or closed twice.
/// </summary>
public sealed class TicketInactivityService(TicketDesk desk, ILeaseStore leases, TimeProvider time, ILogger<TicketInactivityService> logger) : BackgroundService
{
    /// <summary>The lease a sweep runs under.</summary>
    public const string LeaseName = "tickets:inactivity-sweep";

    private readonly string holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(desk.Options.InactivityCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    // Held for the whole interval (not released): another instance's timer in between finds it taken.
                    if (!await leases.TryAcquireAsync(LeaseName, holder, desk.Options.InactivityCheckInterval, stoppingToken))
                        continue;
                    var closed = await desk.SweepInactiveAsync(stoppingToken);
                    if (closed > 0)
                        logger.LogInformation("Closed {Count} inactive ticket(s)", closed);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "The inactivity check of tickets failed; will retry");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
