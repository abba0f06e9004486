using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Tickets;

namespace SupportBot.Host.Composition;

/// <summary>
/// Keeps the store bounded, now and then: idle conversations past their expiry (loads already ignore them), channel
/// updates handled longer ago than <see cref="StorageOptions.InboxRetention"/>, and figures' events older than
/// <see cref="StorageOptions.EventRetention"/>; ticket lines, and the words of closed tickets, past <see cref="TicketOptions.Retention"/>.
/// </summary>
public sealed class StorePurgeService(IConversationStore store, IUpdateInbox inbox, IConversationEvents events, ITicketStore tickets,
    ITicketMessages ticketLines, IOptions<StorageOptions> options, IOptions<TicketOptions> ticketOptions, TimeProvider time,
    ILogger<StorePurgeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, time);
        try
        {
            do
            {
                await PurgeOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PurgeOnceAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        await PurgeAsync("expired conversations", ct => store.PurgeExpiredAsync(now, ct), stoppingToken);
        await PurgeAsync("handled channel updates", ct => inbox.PurgeAsync(now - options.Value.InboxRetention, ct), stoppingToken);
        await PurgeAsync("conversation events past retention", ct => events.PurgeAsync(now - options.Value.EventRetention, ct), stoppingToken);
        await PurgeAsync("ticket messages past retention", ct => ticketLines.PurgeAsync(now - ticketOptions.Value.Retention, ct), stoppingToken);
        await PurgeAsync("closed tickets' texts past retention", ct => tickets.ScrubClosedBeforeAsync(now - ticketOptions.Value.Retention, ct), stoppingToken);
    }

    // One failing table must not keep the others growing: each is tried on every round.
    private async Task PurgeAsync(string what, Func<CancellationToken, Task<int>> purge, CancellationToken stoppingToken)
    {
        try
        {
            var removed = await purge(stoppingToken);
            if (removed > 0)
            {
                logger.LogInformation("Removed {Count} {What}", removed, what);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Removing {What} failed; will retry", what);
        }
    }
}
