using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using SupportBot.Core.Telemetry;

namespace SupportBot.Host.Operations;

/// <summary>The web host's own settings, section <c>Web</c>.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>
    /// Serve the web host (health, metrics) even when no channel receives HTTP. It listens where ASP.NET Core is told
    /// to: <c>ASPNETCORE_URLS</c> or <c>ASPNETCORE_HTTP_PORTS</c> (the container sets 8080).
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>Where Prometheus scrapes the metrics.</summary>
    [RegularExpression("^/[A-Za-z0-9/_-]*$", ErrorMessage = "Web:MetricsPath must be a path such as /metrics")]
    public string MetricsPath { get; set; } = "/metrics";
}

/// <summary>Health probes and metrics: what an orchestrator and Prometheus need from every instance.</summary>
public static class OperationsSetup
{
    /// <summary>The liveness probe: the process answers HTTP.</summary>
    public const string LivePath = "/healthz";

    /// <summary>The readiness probe: the store answers and every channel is connected.</summary>
    public const string ReadyPath = "/readyz";

    private const string ReadyTag = "ready";

    /// <summary>Registers the metrics (<see cref="BotMetrics"/>, exported for Prometheus) and the readiness checks.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<BotMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(BotMetrics.MeterName).AddPrometheusExporter());
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [ReadyTag])
            .AddCheck<ChannelsHealthCheck>("channels", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Maps <c>/healthz</c>, <c>/readyz</c> and the metrics endpoint.</summary>
    public static WebApplication MapOperations(this WebApplication app, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapPrometheusScrapingEndpoint(options.MetricsPath);
        return app;
    }
}
