using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SupportBot.Core.Channels;
using SupportBot.Core.Conversations;

namespace SupportBot.Host.Operations;

/// <summary>Ready only when the conversation store answers a read within a few seconds.</summary>
public sealed class StoreHealthCheck(IConversationStore store) : IHealthCheck
{
    /// <summary>How long the probe waits for the store.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            await store.LoadAsync("health/probe", limit.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy("store answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The reason names the failure, never a connection string or path with credentials.
            return HealthCheckResult.Unhealthy($"store unavailable: {ex.GetType().Name}");
        }
    }
}

/// <summary>Ready only when every channel this instance runs says it is connected.</summary>
public sealed class ChannelsHealthCheck(IEnumerable<IChannelHealth> channels) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = channels.Select(c => (c.Channel, State: c.Check())).ToList();
        var data = states.ToDictionary(s => s.Channel, s => (object)s.State.Description);
        var notReady = states.Where(s => !s.State.Ready).Select(s => s.Channel).ToList();
        return Task.FromResult(notReady.Count == 0
            ? HealthCheckResult.Healthy(states.Count == 0 ? "no channels" : "channels connected", data)
            : HealthCheckResult.Unhealthy("not connected: " + string.Join(", ", notReady), data: data));
    }
}

/// <summary>The readiness answer as JSON: the overall status and each check's status and description.</summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
