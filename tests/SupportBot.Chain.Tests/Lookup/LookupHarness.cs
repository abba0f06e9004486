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

    /// <summary>
    /// Composes the lookup with <paramref name="endpoints"/> per network; <paramref name="settings"/> is more configuration
    /// (e.g. <see cref="KnownTokens"/>) and overrides the harness's own.
    /// </summary>
    public LookupHarness(IReadOnlyDictionary<string, Uri[]> endpoints, TimeSpan? deadline = null, TimeSpan? attemptTimeout = null, int retries = 0,
        IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var configured = new Dictionary<string, string?>
        {
            ["Chain:LookupDeadline"] = (deadline ?? TimeSpan.FromSeconds(5)).ToString(),
            ["Chain:AttemptTimeout"] = (attemptTimeout ?? TimeSpan.FromSeconds(2)).ToString(),
            ["Chain:Retries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var index = 0;
        foreach (var (network, urls) in endpoints)
        {
            configured[$"Chain:Networks:{index++}"] = network;
            for (var i = 0; i < urls.Length; i++)
            {
                configured[$"Chain:Endpoints:{network}:{i}"] = urls[i].ToString();
            }
        }

        foreach (var (key, value) in settings ?? [])
        {
            configured[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(configured).Build();
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

    /// <summary>
    /// The known tokens of one network, replacing content's list (anvil's contracts are not mainnet's):
    /// <c>Chain:Tokens:&lt;network&gt;:i:Contract|Symbol|Decimals</c>. Without it, content's mainnet tokens are asked and,
    /// having no code on anvil, answer nothing.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> KnownTokens(string network, params (string Contract, string Symbol, int Decimals)[] tokens)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            yield return new($"Chain:Tokens:{network}:{i}:Contract", tokens[i].Contract);
            yield return new($"Chain:Tokens:{network}:{i}:Symbol", tokens[i].Symbol);
            yield return new($"Chain:Tokens:{network}:{i}:Decimals", tokens[i].Decimals.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public IServiceProvider Services => services;

    public void Dispose() => services.Dispose();
}
