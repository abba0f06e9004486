using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.Chain.Evm;
using SupportBot.Chain.JsonRpc;

namespace SupportBot.Chain.Lookup;

/// <summary>
/// Incoming ERC-20 transfers to one address over a bounded window of recent blocks, read with eth_getLogs (Transfer
/// with the address as topic 2). Providers limit block ranges in different ways; a range they refuse is split —
/// to the size their message names when it names one, else in halves — newest blocks first, within a request
/// budget. Whatever cannot be read makes the search incomplete, never the lookup a failure.
/// </summary>
internal sealed partial class TransferLogSearch(string address, long window, int maxRequests)
{
    /// <summary>A block range; <c>To</c> null is "latest".</summary>
    public sealed record Range(long From, long? To);

    /// <summary>One incoming transfer of a non-zero amount.</summary>
    public sealed record Transfer(string Contract, long Block, BigInteger Amount);

    private readonly List<Range> pending = [];
    private readonly HashSet<Range> retried = [];
    private readonly List<Transfer> transfers = [];
    private int requests;

    /// <summary>False once any part of the window could not be read.</summary>
    public bool Complete { get; private set; } = true;

    /// <summary>Transfers found so far, newest first.</summary>
    public IReadOnlyList<Transfer> Transfers => [.. transfers.OrderByDescending(t => t.Block)];

    /// <summary>The range to ask in the first batch, from a cached head: up to "latest", whatever it is by now.</summary>
    public Range FirstRange(long cachedHead)
    {
        requests++;
        return new Range(Math.Max(0, cachedHead - window + 1), null);
    }

    /// <summary>Schedules the whole window, now that the head is known.</summary>
    public void Start(long head) => pending.Add(new Range(Math.Max(0, head - window + 1), head));

    /// <summary>Ranges to ask next, newest first, within the request budget; ranges beyond it are given up.</summary>
    public IReadOnlyList<Range> TakePending()
    {
        var ordered = pending.OrderByDescending(r => r.To ?? long.MaxValue).ToList();
        pending.Clear();
        var take = Math.Min(ordered.Count, Math.Max(0, maxRequests - requests));
        if (take < ordered.Count)
        {
            Complete = false;
        }

        requests += take;
        return ordered[..take];
    }

    /// <summary>The eth_getLogs call for <paramref name="range"/>.</summary>
    public JsonRpcCall Call(Range range) => new("eth_getLogs", new Dictionary<string, object?>
    {
        ["fromBlock"] = Hex.FromLong(range.From),
        ["toBlock"] = range.To is { } to ? Hex.FromLong(to) : "latest",
        ["topics"] = new object?[] { Erc20.TransferTopic, null, "0x" + address[2..].ToLowerInvariant().PadLeft(64, '0') },
    });

    /// <summary>
    /// Takes one range's answer: its transfers, or a split, a retry, or a gap. <paramref name="head"/> bounds a range
    /// that ended at "latest".
    /// </summary>
    public void Accept(Range range, JsonRpcResult answer, long head)
    {
        if (answer.Error is { } error)
        {
            if (error.IsRangeLimit)
            {
                Split(range with { To = range.To ?? head }, error.Message);
            }
            else if (error.IsTransient && retried.Add(range))
            {
                pending.Add(range); // once more; the caller may be on another endpoint by then
            }
            else
            {
                Complete = false; // eth_getLogs unavailable here (disabled, pruned…)
            }

            return;
        }

        if (answer.Result.ValueKind != JsonValueKind.Array)
        {
            Complete = false;
            return;
        }

        foreach (var log in answer.Result.EnumerateArray())
        {
            if (log.ValueKind != JsonValueKind.Object
                || (log.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True)
                || !log.TryGetProperty("address", out var contract) || contract.ValueKind != JsonValueKind.String
                || !log.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String
                || !log.TryGetProperty("topics", out var topics) || topics.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            List<string> words = [.. topics.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : "")];
            if (words.Any(w => w.Length != 66))
            {
                continue;
            }

            long block;
            try
            {
                block = log.TryGetProperty("blockNumber", out var number) && number.ValueKind == JsonValueKind.String ? Hex.Long(number) : 0;
            }
            catch (FormatException)
            {
                block = 0;
            }

            var decoded = Erc20.DecodeTransfer(contract.GetString()!.ToLowerInvariant(), words, data.GetString()!);
            // Zero-amount transfers are how address-poisoning scams write themselves into a wallet's history: not activity.
            if (decoded is { } transfer && !transfer.Amount.IsZero && string.Equals(transfer.To, address, StringComparison.OrdinalIgnoreCase))
            {
                transfers.Add(new Transfer(transfer.Contract, block, transfer.Amount));
            }
        }
    }

    /// <summary>True while ranges wait to be asked.</summary>
    public bool HasPending => pending.Count > 0;

    /// <summary>What is left is given up (its endpoint failed, or the rounds ran out): the search is incomplete.</summary>
    public void Abandon()
    {
        pending.Clear();
        Complete = false;
    }

    private void Split(Range range, string message)
    {
        var to = range.To!.Value;
        var size = to - range.From + 1;
        if (size <= 1)
        {
            Complete = false;
            return;
        }

        var chunk = SuggestedSize(message, size) ?? (size + 1) / 2;
        for (var end = to; end >= range.From; end -= chunk)
        {
            pending.Add(new Range(Math.Max(range.From, end - chunk + 1), end));
        }
    }

    /// <summary>
    /// The range size a provider's message names: Infura's "Try with this block range [0x…, 0x…]", or the largest
    /// number below the refused size ("exceed maximum block range: 5000", "up to a 2K block range").
    /// </summary>
    internal static long? SuggestedSize(string message, long refused)
    {
        if (HexPair().Match(message) is { Success: true } pair)
        {
            var suggested = (long)(Hex.Quantity(pair.Groups[2].Value) - Hex.Quantity(pair.Groups[1].Value)) + 1;
            return suggested >= 1 && suggested < refused ? suggested : null;
        }

        long? best = null;
        foreach (Match match in Number().Matches(message))
        {
            if (!long.TryParse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            value *= match.Groups[2].Success ? 1000 : 1;
            if (value >= 1 && value < refused && value > (best ?? 0))
            {
                best = value;
            }
        }

        return best;
    }

    [GeneratedRegex(@"\[\s*(0x[0-9a-fA-F]+)\s*,\s*(0x[0-9a-fA-F]+)\s*\]")]
    private static partial Regex HexPair();

    [GeneratedRegex(@"(?<![\w.-])(\d{1,3}(?:,\d{3})+|\d+)\s*([kK](?![a-zA-Z]))?")]
    private static partial Regex Number();
}
