using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Scams;

namespace SupportBot.Host.Composition;

/// <summary>The scam filter's services: the policy per community, the checks, the moderators' allowlist, the phishing list.</summary>
public static class ScamDefenceSetup
{
    /// <summary>Registers <see cref="ScamGuard"/> and what it needs; channels take it from here.</summary>
    public static IServiceCollection AddScamDefence(this IServiceCollection services)
    {
        services.AddPhishingLinks();
        services.AddOptions<ScamOptions>().BindConfiguration(ScamOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScamOptions>, ScamOptionsValidator>();
        services.AddSingleton<ScamPeopleChecks>();
        services.AddSingleton<AllowedDomains>();
        services.AddSingleton<ScamGuard>();
        services.AddHostedService<AllowedDomainsRefreshService>();
        return services;
    }
}

/// <summary>
/// Reads the moderators' allowlist at start-up and then every minute, so a domain marked on one instance stops being
/// flagged on the others too.
/// </summary>
public sealed class AllowedDomainsRefreshService(AllowedDomains allowed, TimeProvider time, ILogger<AllowedDomainsRefreshService> logger) : BackgroundService
{
    /// <summary>How often the list is read again.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await allowed.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not read the moderators' allowlist; the last one read stays in use");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
