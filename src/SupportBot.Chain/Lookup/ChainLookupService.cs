using System.Collections.Concurrent;
using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Chain.Evm;
using SupportBot.Chain.JsonRpc;
using SupportBot.Core.Lookup;

namespace SupportBot.Chain.Lookup;

/// <summary>
/// Asks every network at once, one batch per network, failing over between a network's endpoints, all under one
/// deadline. A network that answers "no such transaction" is <c>NotFoundOn</c>; one that cannot answer in time is
/// <c>Unreachable</c> — the user is told which, because "not found" and "could not check" lead to different advice.
/// <para>
/// One round trip is the common case: token metadata comes from the known-token list or the cache, whether the
/// recipient is a contract is read from the receipt where it can be, and recent transfer logs are asked from a cached
/// head. A second batch goes out only for what the first could not settle (a token never seen before).
/// </para>
/// </summary>
public sealed partial class ChainLookupService(
    ChainEndpoints endpoints,
    JsonRpcClient rpc,
    ChainHeads heads,
    TokenMetadataCache tokens,
    IOptions<ChainOptions> options,
    TimeProvider time,
    ILogger<ChainLookupService> logger) : IChainLookup
{
    private const int MaxCacheEntries = 10_000;

    /// <summary>Gas of a plain value transfer: with empty input, it means no code ran at the recipient.</summary>
    private static readonly BigInteger PlainTransferGas = 21_000;

    private static readonly JsonRpcCall ChainIdCall = new("eth_chainId");

    private readonly ConcurrentDictionary<(string Network, string Hash), (FoundTransaction Found, DateTimeOffset Until)> confirmed = new();

    // Addresses seen to have code; code, once there, stays (so this needs no expiry, only a bound).
    private readonly ConcurrentDictionary<(string Network, string Address), bool> contracts = new();

    public int NetworkCount => endpoints.Targets.Count;

    public async Task<TransactionLookup> FindTransactionAsync(string hash, CancellationToken cancellationToken)
    {
        hash = hash.ToLowerInvariant();
        var outcomes = await OnEveryNetworkAsync((t, deadline) => FindTransactionOnAsync(t, hash, deadline), cancellationToken).ConfigureAwait(false);
        return new TransactionLookup(
            hash,
            [.. outcomes.Select(o => o.Value).OfType<FoundTransaction>()],
            [.. outcomes.Where(o => o.Failure is null && o.Value is null).Select(o => o.Network)],
            [.. outcomes.Select(o => o.Failure).OfType<NetworkFailure>()]);
    }

    public async Task<AddressLookup> FindAddressAsync(string address, string? tokenContract, CancellationToken cancellationToken)
    {
        var outcomes = await OnEveryNetworkAsync((t, deadline) => FindAddressOnAsync(t, address, tokenContract, deadline), cancellationToken).ConfigureAwait(false);
        return new AddressLookup(address, [.. outcomes.Select(o => o.Value).OfType<AddressOnNetwork>()], [.. outcomes.Select(o => o.Failure).OfType<NetworkFailure>()]);
    }

    /// <summary>Runs <paramref name="lookup"/> on every network concurrently, all under one deadline.</summary>
    private async Task<IReadOnlyList<Outcome<T>>> OnEveryNetworkAsync<T>(Func<ChainTarget, CancellationToken, Task<Outcome<T>>> lookup, CancellationToken cancellationToken)
        where T : class
    {
        using var timeout = new CancellationTokenSource(options.Value.LookupDeadline, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var outcomes = await Task.WhenAll(endpoints.Targets.Select(async target =>
        {
            try
            {
                return await lookup(target, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Outcome<T>.Unreachable(target.Key, $"no answer within {options.Value.LookupDeadline.TotalSeconds:0.#} s");
            }
        })).ConfigureAwait(false);
        return outcomes;
    }

    private async Task<Outcome<FoundTransaction>> FindTransactionOnAsync(ChainTarget target, string hash, CancellationToken cancellationToken)
    {
        if (confirmed.TryGetValue((target.Key, hash), out var cached) && cached.Until > time.GetUtcNow())
        {
            return Outcome<FoundTransaction>.Found(target.Key, cached.Found);
        }

        return await OnEndpointsAsync(target.Key, async (endpoint, attempt) =>
        {
            var answers = await AskAsync(target, endpoint,
                [new JsonRpcCall("eth_getTransactionByHash", hash), new JsonRpcCall("eth_getTransactionReceipt", hash), new JsonRpcCall("eth_blockNumber")],
                attempt).ConfigureAwait(false);
            if (answers[0].IsNull)
            {
                return Outcome<FoundTransaction>.NotFound(target.Key);
            }

            var head = Hex.Long(answers[2].Value);
            heads.Observe(target.Key, head);
            var (found, complete) = await DescribeAsync(target, endpoint, answers[0].Value, answers[1].IsNull ? null : answers[1].Value, head, attempt)
                .ConfigureAwait(false);

            // Never cache what a rate limit or an outage left incomplete: the next lookup asks again.
            if (complete && found.Status != TransactionStatus.Pending)
            {
                if (confirmed.Count >= MaxCacheEntries)
                {
                    confirmed.Clear();
                }

                confirmed[(target.Key, hash)] = (found, time.GetUtcNow() + options.Value.CacheTime);
            }

            return Outcome<FoundTransaction>.Found(target.Key, found);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <returns>The transaction, and whether every detail was read (false when token metadata or "to" could not be).</returns>
    private async Task<(FoundTransaction Found, bool Complete)> DescribeAsync(ChainTarget target, Uri endpoint, JsonElement tx, JsonElement? receipt, long head,
        CancellationToken cancellationToken)
    {
        var network = target.Network;
        var to = tx.GetProperty("to") is { ValueKind: JsonValueKind.String } toElement ? toElement.GetString()! : null;
        var block = receipt?.GetProperty("blockNumber") is { ValueKind: JsonValueKind.String } blockElement ? Hex.Long(blockElement) : (long?)null;
        var status = receipt is null ? TransactionStatus.Pending
            // Receipts from before Byzantium have no status; they only exist for included, successful transactions.
            : receipt.Value.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && Hex.Quantity(s).IsZero ? TransactionStatus.Failed
            : TransactionStatus.Success;
        var transfers = receipt is null ? [] : DecodeTransfers(receipt.Value);

        // A second round trip only for what the first answer cannot settle: tokens never seen, a recipient of unknown kind.
        var unknownTokens = transfers.Select(t => t.Contract).Distinct().Where(c => tokens.Get(target, c) is null).ToList();
        var toIsContract = RecipientIsContract(target, tx, receipt, to);
        var calls = new List<JsonRpcCall>();
        if (to is not null && toIsContract is null)
        {
            calls.Add(new JsonRpcCall("eth_getCode", to, "latest"));
        }

        foreach (var contract in unknownTokens)
        {
            calls.AddRange(MetadataCalls(contract));
        }

        var complete = true;
        var read = new Dictionary<string, TokenMetadata>(StringComparer.Ordinal);
        if (calls.Count > 0)
        {
            var answers = await AskWithFailoverAsync(target, endpoint, calls, cancellationToken).ConfigureAwait(false);
            if (answers is null)
            {
                // The transaction itself is known; token names are a nicety, not a reason to call the network unreachable.
                complete = false;
            }
            else
            {
                var next = 0;
                if (to is not null && toIsContract is null)
                {
                    toIsContract = answers[next++].Result is { ValueKind: JsonValueKind.String } code && code.GetString()!.Length > 2;
                    if (toIsContract == true)
                    {
                        if (contracts.Count >= MaxCacheEntries)
                        {
                            contracts.Clear();
                        }

                        contracts[(target.Key, to.ToLowerInvariant())] = true;
                    }
                }

                foreach (var contract in unknownTokens)
                {
                    read[contract] = ReadMetadata(answers, next);
                    tokens.Remember(target.Key, contract, read[contract]);
                    next += 3;
                }
            }
        }

        var value = Hex.Quantity(tx.GetProperty("value"));
        var found = new FoundTransaction
        {
            Network = network.Key,
            Status = status,
            Block = block,
            Confirmations = block is { } b ? Math.Max(1, head - b + 1) : null,
            From = tx.GetProperty("from").GetString()!,
            To = to,
            ToIsContract = toIsContract ?? false,
            CreatedContract = receipt?.TryGetProperty("contractAddress", out var created) == true && created.ValueKind == JsonValueKind.String ? created.GetString() : null,
            Value = value,
            ValueText = $"{Units.Format(value, network.NativeDecimals)} {network.NativeSymbol}",
            TokenTransfers = [.. transfers.Select(t => Transfer(target, t, tokens.Get(target, t.Contract) ?? read.GetValueOrDefault(t.Contract)))],
            ExplorerUrl = network.ExplorerTx?.Replace("{hash}", tx.GetProperty("hash").GetString(), StringComparison.Ordinal),
        };
        return (found, complete);
    }

    /// <summary>
    /// Whether "to" has code, from what is already at hand: a known token, a contract seen before, a log it emitted,
    /// or a plain value transfer (empty input, 21,000 gas: no code ran). Null when only eth_getCode can tell.
    /// </summary>
    private bool? RecipientIsContract(ChainTarget target, JsonElement tx, JsonElement? receipt, string? to)
    {
        if (to is null)
        {
            return false;
        }

        var key = to.ToLowerInvariant();
        if (target.Known(key) is not null || contracts.ContainsKey((target.Key, key)) || tokens.Get(target, key) is not null)
        {
            return true;
        }

        if (receipt is not { } r)
        {
            return null;
        }

        if (r.TryGetProperty("logs", out var logs) && logs.ValueKind == JsonValueKind.Array
            && logs.EnumerateArray().Any(l => l.TryGetProperty("address", out var a) && string.Equals(a.GetString(), key, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        var input = tx.TryGetProperty("input", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        if (input is "0x" or "" && r.TryGetProperty("gasUsed", out var gas) && gas.ValueKind == JsonValueKind.String)
        {
            // Arbitrum counts the L1 data cost in gasUsed and reports it apart as gasUsedForL1.
            var used = Hex.Quantity(gas);
            if (r.TryGetProperty("gasUsedForL1", out var l1) && l1.ValueKind == JsonValueKind.String)
            {
                used -= Hex.Quantity(l1);
            }

            return used == PlainTransferGas ? false : null;
        }

        return null;
    }

    private static TokenTransfer Transfer(ChainTarget target, (string Contract, string From, string To, BigInteger Amount) transfer, TokenMetadata? metadata) =>
        new()
        {
            Contract = transfer.Contract,
            Symbol = metadata?.Symbol,
            Name = metadata?.Name,
            Decimals = metadata?.Decimals,
            From = transfer.From,
            To = transfer.To,
            RawAmount = transfer.Amount,
            AmountText = Amount(transfer.Amount, metadata?.Decimals),
            ExplorerUrl = target.Network.ExplorerToken?.Replace("{address}", transfer.Contract, StringComparison.Ordinal),
            Imitates = target.Imitated(transfer.Contract, metadata?.Symbol, metadata?.Name),
        };

    private static List<(string Contract, string From, string To, BigInteger Amount)> DecodeTransfers(JsonElement receipt)
    {
        var transfers = new List<(string, string, string, BigInteger)>();
        if (!receipt.TryGetProperty("logs", out var logs) || logs.ValueKind != JsonValueKind.Array)
        {
            return transfers;
        }

        foreach (var log in logs.EnumerateArray())
        {
            var topics = log.TryGetProperty("topics", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
                : [];
            if (topics.Any(x => x.Length != 66))
            {
                continue;
            }

            if (log.TryGetProperty("address", out var address) && log.TryGetProperty("data", out var data)
                && Erc20.DecodeTransfer(address.GetString()!.ToLowerInvariant(), topics, data.GetString() ?? "") is { } transfer)
            {
                transfers.Add(transfer);
            }
        }

        return transfers;
    }

    /// <summary>
    /// Sends <paramref name="calls"/> to one endpoint of <paramref name="target"/>, with eth_chainId in front while the
    /// endpoint is unverified (no extra round trip). An endpoint serving another chain is dropped before any of its
    /// answers is read. A rate-limited item fails the whole batch as transient: its empty answer must never be read
    /// as "no metadata" or "no balance". eth_getLogs items are left to <see cref="TransferLogSearch"/>.
    /// </summary>
    private async Task<IReadOnlyList<JsonRpcResult>> AskAsync(ChainTarget target, Uri endpoint, IReadOnlyList<JsonRpcCall> calls, CancellationToken cancellationToken)
    {
        var verify = options.Value.VerifyChainIds && !endpoints.IsVerified(target.Key, endpoint);
        var answers = await rpc.CallAsync(endpoint, verify ? [ChainIdCall, .. calls] : calls, cancellationToken).ConfigureAwait(false);
        if (verify)
        {
            if (answers[0].Error is { IsTransient: true } limited)
            {
                throw new JsonRpcTransientException($"{endpoint.Authority}: {limited.Message}");
            }

            var reported = Hex.Long(answers[0].Value);
            if (reported != target.ChainId)
            {
                Drop(target, endpoint, reported);
                throw new WrongChainException($"{endpoint.Authority} serves chain id {reported}, not {target.ChainId}");
            }

            endpoints.MarkVerified(target.Key, endpoint);
            answers = [.. answers.Skip(1)];
        }

        for (var i = 0; i < calls.Count; i++)
        {
            if (calls[i].Method != "eth_getLogs" && answers[i].Error is { IsTransient: true } error)
            {
                throw new JsonRpcTransientException($"{endpoint.Authority}: {calls[i].Method}: {error.Message}");
            }
        }

        return answers;
    }

    /// <summary>
    /// A follow-up batch: on the endpoint that answered the first one, then on the network's others. Null when none
    /// answers, so the caller reports what it has rather than failing the network.
    /// </summary>
    private async Task<IReadOnlyList<JsonRpcResult>?> AskWithFailoverAsync(ChainTarget target, Uri preferred, IReadOnlyList<JsonRpcCall> calls,
        CancellationToken cancellationToken)
    {
        var current = endpoints.Target(target.Key)?.Endpoints ?? [];
        foreach (var endpoint in current.Contains(preferred) ? [preferred, .. current.Where(e => e != preferred)] : current)
        {
            try
            {
                return await AskAsync(target, endpoint, calls, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsEndpointFailure(ex))
            {
                logger.LogWarning("Endpoint {Endpoint} of {Network} failed a follow-up request: {Reason}", endpoint.Authority, target.Key, ex.Message);
            }
        }

        return null;
    }

    private void Drop(ChainTarget target, Uri endpoint, long reported)
    {
        endpoints.Remove(target.Key, endpoint, $"its endpoints serve another chain (chain id {reported})");
        logger.LogError("Endpoint {Endpoint} for {Network} reports chain id {Reported}, expected {Expected}; not using it",
            endpoint, target.Key, reported, target.ChainId);
    }

    /// <summary>
    /// Tries a network's endpoints until one answers. The next endpoint starts when the previous one fails, or — with
    /// the previous one still in the race — once it has taken <see cref="ChainOptions.FailoverAfter"/>, so a hanging
    /// endpoint costs that long, not the attempt timeout. The first answer wins; the rest are cancelled.
    /// </summary>
    private async Task<Outcome<T>> OnEndpointsAsync<T>(string network, Func<Uri, CancellationToken, Task<Outcome<T>>> attempt, CancellationToken cancellationToken)
        where T : class
    {
        var list = endpoints.Target(network)?.Endpoints ?? [];
        if (list.Count == 0)
        {
            return Outcome<T>.Unreachable(network, endpoints.DroppedReason(network) ?? "no endpoint configured");
        }

        var reasons = new List<string>();
        var running = new Dictionary<Task<Outcome<T>>, Uri>();
        var next = 0;
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void StartNext()
        {
            var endpoint = list[next++];
            running[attempt(endpoint, race.Token)] = endpoint;
        }

        StartNext();
        try
        {
            while (running.Count > 0)
            {
                using var hedge = CancellationTokenSource.CreateLinkedTokenSource(race.Token);
                var waits = new List<Task>(running.Keys);
                var failover = next < list.Count ? Task.Delay(options.Value.FailoverAfter, time, hedge.Token) : null;
                if (failover is not null)
                {
                    waits.Add(failover);
                }

                var finished = await Task.WhenAny(waits).ConfigureAwait(false);
                await hedge.CancelAsync().ConfigureAwait(false);
                if (finished == failover)
                {
                    logger.LogInformation("Endpoint {Endpoint} of {Network} is slow; asking {Next} too", list[next - 1].Authority, network, list[next].Authority);
                    StartNext();
                    continue;
                }

                var done = (Task<Outcome<T>>)finished;
                running.Remove(done, out var endpoint);
                try
                {
                    return await done.ConfigureAwait(false);
                }
                catch (Exception ex) when (IsEndpointFailure(ex))
                {
                    // Also a malformed answer (a field missing or of the wrong type) counts against the endpoint, not the user.
                    logger.LogWarning("Endpoint {Endpoint} of {Network} failed: {Reason}", endpoint!.Authority, network, ex.Message);
                    reasons.Add(ex.Message);
                    if (next < list.Count)
                    {
                        StartNext();
                    }
                }
            }
        }
        finally
        {
            await race.CancelAsync().ConfigureAwait(false);
            foreach (var loser in running.Keys)
            {
                // Cancelled attempts end on their own; their failures are of no interest any more.
                _ = loser.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }

        return Outcome<T>.Unreachable(network, string.Join("; ", reasons));
    }

    private static bool IsEndpointFailure(Exception ex) =>
        ex is JsonRpcTransientException or JsonRpcProtocolException or JsonRpcException or WrongChainException
            or FormatException or KeyNotFoundException or InvalidOperationException;

    private static JsonRpcCall EthCall(string contract, string data) =>
        new("eth_call", new Dictionary<string, string> { ["to"] = contract, ["data"] = data }, "latest");

    private static IEnumerable<JsonRpcCall> MetadataCalls(string contract) =>
        [EthCall(contract, Erc20.SymbolCall), EthCall(contract, Erc20.NameCall), EthCall(contract, Erc20.DecimalsCall)];

    /// <summary>symbol, name, decimals at <paramref name="at"/>; a reverted call (the token lacks the function) is null.</summary>
    private static TokenMetadata ReadMetadata(IReadOnlyList<JsonRpcResult> answers, int at) =>
        new(Erc20.DecodeText(Text(answers[at])), Erc20.DecodeText(Text(answers[at + 1])), Erc20.DecodeDecimals(Text(answers[at + 2])));

    /// <summary>An eth_call's hex answer, or null when the call reverted or the token lacks the function.</summary>
    private static string? Text(JsonRpcResult answer) =>
        answer.Error is null && answer.Result.ValueKind == JsonValueKind.String ? answer.Result.GetString() : null;

    private static string Amount(BigInteger raw, int? decimals) =>
        decimals is { } d ? Units.Format(raw, d) : raw.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Outcome<T>(string Network, T? Value, NetworkFailure? Failure)
        where T : class
    {
        public static Outcome<T> Found(string network, T value) => new(network, value, null);

        public static Outcome<T> NotFound(string network) => new(network, null, null);

        public static Outcome<T> Unreachable(string network, string reason) => new(network, null, new NetworkFailure(network, reason));
    }
}

/// <summary>An endpoint answered with another chain's id: nothing it says may be reported as this network's.</summary>
public sealed class WrongChainException(string message) : Exception(message);
