using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Conversations;

namespace SupportBot.Host.Composition;

/// <summary>Removes idle conversations from the store now and then; loads already ignore expired ones.</summary>
public sealed class ConversationExpiryService(IConversationStore store, IOptions<StorageOptions> options, TimeProvider time,
    ILogger<ConversationExpiryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, time);
        try
        {
            await PurgeLoopAsync(timer, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PurgeLoopAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                var removed = await store.PurgeExpiredAsync(time.GetUtcNow(), stoppingToken);
                if (removed > 0)
                {
                    logger.LogInformation("Removed {Count} expired conversations", removed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Purging expired conversations failed; will retry");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
