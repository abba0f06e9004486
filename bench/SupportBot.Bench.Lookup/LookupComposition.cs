using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Chain;
using SupportBot.Chain.Lookup;
using SupportBot.Core.Content;

namespace SupportBot.Bench.Lookup;

/// <summary>
/// The product lookup composed as the host composes it (AddChainLookup: options, HttpClient factory, resilience
/// pipeline), configured through the same keys an environment would use: <c>Chain:Networks:i</c>,
/// <c>Chain:Endpoints:&lt;network&gt;:0</c>, and optionally <c>Chain:LookupDeadline</c>, <c>Chain:AttemptTimeout</c>,
/// <c>Chain:Retries</c>, <c>Chain:Tokens:&lt;network&gt;:i:…</c>. Anything not given keeps the product default. Like the
/// host, it checks the endpoints' chain ids once at start-up (which also reads each network's head).
/// </summary>
internal sealed class LookupComposition : IDisposable
{
    private readonly ServiceProvider services;

    public LookupComposition(ContentCatalog content, IEnumerable<(string Network, Uri Endpoint)> endpoints,
        TimeSpan? deadline = null, TimeSpan? attemptTimeout = null, int? retries = null, IEnumerable<KeyValuePair<string, string?>>? extra = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        // A network listed more than once gets its endpoints in that order (fail-over order).
        var perNetwork = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (network, endpoint) in endpoints)
        {
            if (!perNetwork.TryGetValue(network, out var count))
            {
                settings[string.Create(CultureInfo.InvariantCulture, $"Chain:Networks:{perNetwork.Count}")] = network;
            }

            settings[string.Create(CultureInfo.InvariantCulture, $"Chain:Endpoints:{network}:{count}")] = endpoint.ToString();
            perNetwork[network] = count + 1;
        }

        if (deadline is { } d)
        {
            settings["Chain:LookupDeadline"] = d.ToString("c", CultureInfo.InvariantCulture);
        }

        if (attemptTimeout is { } a)
        {
            settings["Chain:AttemptTimeout"] = a.ToString("c", CultureInfo.InvariantCulture);
        }

        if (retries is { } r)
        {
            settings["Chain:Retries"] = r.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton(content)
            .AddSingleton(TimeProvider.System)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(Warnings))
            .AddChainLookup()
            .BuildServiceProvider();
        Lookup = services.GetRequiredService<ChainLookupService>();
        if (Options.VerifyChainIds)
        {
            // As ServiceSetup.ValidateStartupAsync does before the host serves anyone.
            services.GetRequiredService<ChainIdVerifier>().VerifyAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public ChainLookupService Lookup { get; }

    /// <summary>Warnings and errors the product logged; a clean run logs none.</summary>
    public WarningCounter Warnings { get; } = new();

    public ChainOptions Options => services.GetRequiredService<IOptions<ChainOptions>>().Value;

    public void Dispose() => services.Dispose();
}

/// <summary>Counts log entries at Warning and above and keeps the last one.</summary>
internal sealed class WarningCounter : ILoggerProvider, ILogger
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public string? Last { get; private set; }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Interlocked.Increment(ref count);
            Last = formatter(state, exception);
        }
    }

    public void Dispose()
    {
    }
}
