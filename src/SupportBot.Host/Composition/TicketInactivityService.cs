using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Tickets;

namespace SupportBot.Host.Composition;

/// <summary>Now and then, warns about quiet tickets and closes those still quiet after the warning (<see cref="TicketDesk.SweepInactiveAsync"/>).</summary>
public sealed class TicketInactivityService(TicketDesk desk, TimeProvider time, ILogger<TicketInactivityService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(desk.Options.InactivityCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
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
