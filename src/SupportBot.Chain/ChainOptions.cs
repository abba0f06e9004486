using System.ComponentModel.DataAnnotations;

namespace SupportBot.Chain;

/// <summary>On-chain lookup settings, section <c>Chain</c>.</summary>
public sealed class ChainOptions
{
    public const string Section = "Chain";

    /// <summary>One deadline for a whole lookup across all networks; networks not done by then are "could not check".</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00", ErrorMessage = "Chain:LookupDeadline must be between 00:00:00.500 and 00:01:00")]
    public TimeSpan LookupDeadline { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one HTTP attempt against one endpoint may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30", ErrorMessage = "Chain:AttemptTimeout must be between 00:00:00.100 and 00:00:30")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries of one endpoint on transient HTTP errors before failing over to the next endpoint.</summary>
    [Range(0, 5, ErrorMessage = "Chain:Retries must be between 0 and 5")]
    public int Retries { get; set; } = 1;

    /// <summary>Check each endpoint's eth_chainId at start-up and drop endpoints that report another chain.</summary>
    public bool VerifyChainIds { get; set; }

    /// <summary>
    /// RPC endpoints per network key, replacing those in content/networks.yaml for this environment
    /// (<c>Chain:Endpoints:bsc:0=https://…</c>), so tests and private RPC providers plug in.
    /// </summary>
    public Dictionary<string, List<string>> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When set, only these network keys are looked up.</summary>
    public List<string>? Networks { get; set; }

    /// <summary>How long a confirmed transaction stays cached.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Chain:CacheTime must be between 00:00:00 and 1.00:00:00")]
    public TimeSpan CacheTime { get; set; } = TimeSpan.FromMinutes(10);
}
