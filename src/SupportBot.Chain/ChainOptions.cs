using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace SupportBot.Chain;

/// <summary>On-chain lookup settings, section <c>Chain</c>.</summary>
public sealed class ChainOptions : IValidatableObject
{
    public const string Section = "Chain";

    /// <summary>One deadline for a whole lookup across all networks; networks not done by then are "could not check".</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00", ErrorMessage = "Chain:LookupDeadline must be between 00:00:00.500 and 00:01:00")]
    public TimeSpan LookupDeadline { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one HTTP attempt against one endpoint may take. A timed-out attempt is not retried on the same endpoint.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30", ErrorMessage = "Chain:AttemptTimeout must be between 00:00:00.100 and 00:00:30")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a network's endpoint may take before its next endpoint is asked as well (the first one stays in the race
    /// and whichever answers first wins), so a hanging endpoint costs this much, not the attempt timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30", ErrorMessage = "Chain:FailoverAfter must be between 00:00:00.050 and 00:00:30")]
    public TimeSpan FailoverAfter { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Retries of one endpoint on transient HTTP errors (not on timeouts) before failing over to the next endpoint.</summary>
    [Range(0, 5, ErrorMessage = "Chain:Retries must be between 0 and 5")]
    public int Retries { get; set; } = 1;

    /// <summary>
    /// Check each endpoint's eth_chainId and never use one that reports another chain: at start-up (bounded by
    /// <see cref="VerifyTimeout"/>), and in the first lookup batch of any endpoint not verified yet.
    /// </summary>
    public bool VerifyChainIds { get; set; } = true;

    /// <summary>How long the start-up chain-id check may take in all; endpoints that have not answered by then are checked on first use.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30", ErrorMessage = "Chain:VerifyTimeout must be between 00:00:00.100 and 00:00:30")]
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many recent blocks an address lookup searches for incoming ERC-20 transfers (eth_getLogs), so tokens outside
    /// the known list show up too; 0 turns the search off.
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "Chain:TransferLogBlocks must be between 0 and 1000000")]
    public int TransferLogBlocks { get; set; } = 5_000;

    /// <summary>Most eth_getLogs requests one network's search may make when its endpoint limits block ranges; the newest blocks go first.</summary>
    [Range(1, 64, ErrorMessage = "Chain:MaxLogRequests must be between 1 and 64")]
    public int MaxLogRequests { get; set; } = 8;

    /// <summary>
    /// RPC endpoints per network key, replacing those in content/networks.yaml for this environment
    /// (<c>Chain:Endpoints:bsc:0=https://…</c>), so tests and private RPC providers plug in.
    /// </summary>
    public Dictionary<string, List<string>> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Known tokens per network key, replacing the <c>tokens:</c> list of content/networks.yaml for this environment
    /// (<c>Chain:Tokens:bsc:0:Contract=0x…</c>, <c>…:Symbol=USDT</c>, <c>…:Decimals=18</c>), for test networks and forks.
    /// </summary>
    public Dictionary<string, List<KnownTokenOptions>> Tokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When set, only these network keys are looked up.</summary>
    public List<string>? Networks { get; set; }

    /// <summary>How long a confirmed transaction stays cached.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Chain:CacheTime must be between 00:00:00 and 1.00:00:00")]
    public TimeSpan CacheTime { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (network, tokens) in Tokens)
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"Chain:Tokens:{network}:{i}");
                var token = tokens[i];
                if (token.Contract is not { Length: 42 } contract || !contract.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    || contract.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF"))
                {
                    yield return new ValidationResult($"{key}:Contract must be 0x followed by 40 hex digits");
                }

                if (string.IsNullOrWhiteSpace(token.Symbol))
                {
                    yield return new ValidationResult($"{key}:Symbol is required");
                }

                if (token.Decimals is < 0 or > 36)
                {
                    yield return new ValidationResult($"{key}:Decimals must be between 0 and 36");
                }
            }
        }
    }
}

/// <summary>One known token in configuration (<c>Chain:Tokens:&lt;network&gt;:i</c>).</summary>
public sealed class KnownTokenOptions
{
    public string? Contract { get; set; }

    public string? Symbol { get; set; }

    public int Decimals { get; set; }
}
