using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Chain.Lookup;
using SupportBot.Core.Content;

namespace SupportBot.Chain.Tests.Lookup;

/// <summary>
/// The real lookup, composed as the host composes it (options, HttpClient factory, resilience pipeline), with each
/// network's endpoints pointed where a test says: anvil nodes, or failing endpoints in front of them.
/// </summary>
internal sealed class LookupHarness : IDisposable
{
    public static ContentCatalog Content { get; } = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));

    private readonly ServiceProvider services;

    public LookupHarness(IReadOnlyDictionary<string, Uri[]> endpoints, TimeSpan? deadline = null, TimeSpan? attemptTimeout = null, int retries = 0)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Chain:LookupDeadline"] = (deadline ?? TimeSpan.FromSeconds(5)).ToString(),
            ["Chain:AttemptTimeout"] = (attemptTimeout ?? TimeSpan.FromSeconds(2)).ToString(),
            ["Chain:Retries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var index = 0;
        foreach (var (network, urls) in endpoints)
        {
            settings[$"Chain:Networks:{index++}"] = network;
            for (var i = 0; i < urls.Length; i++)
            {
                settings[$"Chain:Endpoints:{network}:{i}"] = urls[i].ToString();
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(Content)
            .AddSingleton(TestClock.Instance)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddChainLookup()
            .BuildServiceProvider();
    }

    public ChainLookupService Lookup => services.GetRequiredService<ChainLookupService>();

    public ChainIdVerifier Verifier => services.GetRequiredService<ChainIdVerifier>();

    public ChainEndpoints Endpoints => services.GetRequiredService<ChainEndpoints>();

    public IServiceProvider Services => services;

    public void Dispose() => services.Dispose();
}
