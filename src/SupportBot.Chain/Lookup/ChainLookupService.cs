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
/// </summary>
public sealed class ChainLookupService(
    ChainEndpoints endpoints,
    JsonRpcClient rpc,
    IOptions<ChainOptions> options,
    TimeProvider time,
    ILogger<ChainLookupService> logger) : IChainLookup
{
    private const int MaxCacheEntries = 10_000;

    private readonly ConcurrentDictionary<(string Network, string Hash), (FoundTransaction Found, DateTimeOffset Until)> confirmed = new();
    private readonly ConcurrentDictionary<(string Network, string Contract), TokenMetadata> tokens = new();

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

        return await OnEndpointsAsync(target, async endpoint =>
        {
            var answers = await rpc.CallAsync(endpoint,
                [new JsonRpcCall("eth_getTransactionByHash", hash), new JsonRpcCall("eth_getTransactionReceipt", hash), new JsonRpcCall("eth_blockNumber")],
                cancellationToken).ConfigureAwait(false);
            if (answers[0].IsNull)
            {
                return Outcome<FoundTransaction>.NotFound(target.Key);
            }

            var found = await DescribeAsync(target, endpoint, answers[0].Value, answers[1].IsNull ? null : answers[1].Value, Hex.Long(answers[2].Value), cancellationToken)
                .ConfigureAwait(false);
            if (found.Status != TransactionStatus.Pending)
            {
                if (confirmed.Count >= MaxCacheEntries)
                {
                    confirmed.Clear();
                }

                confirmed[(target.Key, hash)] = (found, time.GetUtcNow() + options.Value.CacheTime);
            }

            return Outcome<FoundTransaction>.Found(target.Key, found);
        }).ConfigureAwait(false);
    }

    private async Task<FoundTransaction> DescribeAsync(ChainTarget target, Uri endpoint, JsonElement tx, JsonElement? receipt, long head, CancellationToken cancellationToken)
    {
        var network = target.Network;
        var to = tx.GetProperty("to") is { ValueKind: JsonValueKind.String } toElement ? toElement.GetString()! : null;
        var block = receipt?.GetProperty("blockNumber") is { ValueKind: JsonValueKind.String } blockElement ? Hex.Long(blockElement) : (long?)null;
        var status = receipt is null ? TransactionStatus.Pending
            // Receipts from before Byzantium have no status; they only exist for included, successful transactions.
            : receipt.Value.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && Hex.Quantity(s).IsZero ? TransactionStatus.Failed
            : TransactionStatus.Success;
        var transfers = receipt is null ? [] : DecodeTransfers(receipt.Value);

        // Second round trip, only where the transaction exists: is "to" a contract, and what are the tokens moved?
        var contracts = transfers.Select(t => t.Contract).Distinct().Where(c => !tokens.ContainsKey((target.Key, c))).ToList();
        var calls = new List<JsonRpcCall>();
        if (to is not null)
        {
            calls.Add(new JsonRpcCall("eth_getCode", to, "latest"));
        }

        foreach (var contract in contracts)
        {
            calls.Add(EthCall(contract, Erc20.SymbolCall));
            calls.Add(EthCall(contract, Erc20.NameCall));
            calls.Add(EthCall(contract, Erc20.DecimalsCall));
        }

        var toIsContract = false;
        try
        {
            var answers = await rpc.CallAsync(endpoint, calls, cancellationToken).ConfigureAwait(false);
            var next = 0;
            if (to is not null)
            {
                toIsContract = answers[next++].Result is { ValueKind: JsonValueKind.String } code && code.GetString()!.Length > 2;
            }

            foreach (var contract in contracts)
            {
                tokens[(target.Key, contract)] = new TokenMetadata(
                    Erc20.DecodeText(Text(answers[next++])), Erc20.DecodeText(Text(answers[next++])), Erc20.DecodeDecimals(Text(answers[next++])));
            }
        }
        catch (Exception ex) when (ex is JsonRpcTransientException or JsonRpcProtocolException)
        {
            // The transaction itself is known; token names are a nicety, not a reason to call the network unreachable.
            logger.LogInformation(ex, "Token details unavailable on {Network}", target.Key);
        }

        var value = Hex.Quantity(tx.GetProperty("value"));
        return new FoundTransaction
        {
            Network = network.Key,
            Status = status,
            Block = block,
            Confirmations = block is { } b ? Math.Max(1, head - b + 1) : null,
            From = tx.GetProperty("from").GetString()!,
            To = to,
            ToIsContract = toIsContract,
            CreatedContract = receipt?.TryGetProperty("contractAddress", out var created) == true && created.ValueKind == JsonValueKind.String ? created.GetString() : null,
            Value = value,
            ValueText = $"{Units.Format(value, network.NativeDecimals)} {network.NativeSymbol}",
            TokenTransfers = [.. transfers.Select(t => Transfer(target, t))],
            ExplorerUrl = network.ExplorerTx?.Replace("{hash}", tx.GetProperty("hash").GetString(), StringComparison.Ordinal),
        };
    }

    private TokenTransfer Transfer(ChainTarget target, (string Contract, string From, string To, BigInteger Amount) transfer)
    {
        var metadata = tokens.GetValueOrDefault((target.Key, transfer.Contract));
        return new TokenTransfer
        {
            Contract = transfer.Contract,
            Symbol = metadata?.Symbol,
            Name = metadata?.Name,
            Decimals = metadata?.Decimals,
            From = transfer.From,
            To = transfer.To,
            RawAmount = transfer.Amount,
            AmountText = metadata?.Decimals is { } decimals ? Units.Format(transfer.Amount, decimals) : transfer.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ExplorerUrl = target.Network.ExplorerToken?.Replace("{address}", transfer.Contract, StringComparison.Ordinal),
        };
    }

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
            if (log.TryGetProperty("address", out var address) && log.TryGetProperty("data", out var data)
                && Erc20.DecodeTransfer(address.GetString()!.ToLowerInvariant(), topics, data.GetString() ?? "") is { } transfer)
            {
                transfers.Add(transfer);
            }
        }

        return transfers;
    }

    private async Task<Outcome<AddressOnNetwork>> FindAddressOnAsync(ChainTarget target, string address, string? token, CancellationToken cancellationToken) =>
        await OnEndpointsAsync(target, async endpoint =>
        {
            List<JsonRpcCall> calls =
            [
                new("eth_getBalance", address, "latest"), new("eth_getTransactionCount", address, "latest"), new("eth_getCode", address, "latest"),
            ];
            if (token is not null)
            {
                calls.AddRange([EthCall(token, Erc20.BalanceOfCall(address)), EthCall(token, Erc20.DecimalsCall), EthCall(token, Erc20.SymbolCall)]);
            }

            var answers = await rpc.CallAsync(endpoint, calls, cancellationToken).ConfigureAwait(false);
            var balance = Hex.Quantity(answers[0].Value);
            TokenBalance? tokenBalance = null;
            if (token is not null)
            {
                var raw = Text(answers[3]) is { Length: 66 } word ? Hex.Quantity(word) : BigInteger.Zero;
                var decimals = Erc20.DecodeDecimals(Text(answers[4]));
                tokenBalance = new TokenBalance(token, Erc20.DecodeText(Text(answers[5])), decimals, raw,
                    decimals is { } d ? Units.Format(raw, d) : raw.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return Outcome<AddressOnNetwork>.Found(target.Key, new AddressOnNetwork
            {
                Network = target.Key,
                Balance = balance,
                BalanceText = $"{Units.Format(balance, target.Network.NativeDecimals)} {target.Network.NativeSymbol}",
                TransactionCount = Hex.Long(answers[1].Value),
                IsContract = answers[2].Value.GetString() is { Length: > 2 },
                Token = tokenBalance,
                ExplorerUrl = target.Network.ExplorerAddress?.Replace("{address}", address, StringComparison.Ordinal),
            });
        }).ConfigureAwait(false);

    /// <summary>Tries each endpoint of a network in order until one answers; the failures say why none did.</summary>
    private async Task<Outcome<T>> OnEndpointsAsync<T>(ChainTarget target, Func<Uri, Task<Outcome<T>>> attempt)
        where T : class
    {
        var reasons = new List<string>();
        foreach (var endpoint in target.Endpoints)
        {
            try
            {
                return await attempt(endpoint).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is JsonRpcTransientException or JsonRpcProtocolException or JsonRpcException
                                           or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                // Also a malformed answer (a field missing or of the wrong type) counts against the endpoint, not the user.
                logger.LogWarning("Endpoint {Endpoint} of {Network} failed: {Reason}", endpoint.Authority, target.Key, ex.Message);
                reasons.Add(ex.Message);
            }
        }

        return Outcome<T>.Unreachable(target.Key, reasons.Count > 0 ? string.Join("; ", reasons) : "no endpoint configured");
    }

    private static JsonRpcCall EthCall(string contract, string data) =>
        new("eth_call", new Dictionary<string, string> { ["to"] = contract, ["data"] = data }, "latest");

    /// <summary>An eth_call's hex answer, or null when the call reverted or the token lacks the function.</summary>
    private static string? Text(JsonRpcResult answer) =>
        answer.Error is null && answer.Result.ValueKind == JsonValueKind.String ? answer.Result.GetString() : null;

    private sealed record TokenMetadata(string? Symbol, string? Name, int? Decimals);

    private sealed record Outcome<T>(string Network, T? Value, NetworkFailure? Failure)
        where T : class
    {
        public static Outcome<T> Found(string network, T value) => new(network, value, null);

        public static Outcome<T> NotFound(string network) => new(network, null, null);

        public static Outcome<T> Unreachable(string network, string reason) => new(network, null, new NetworkFailure(network, reason));
    }
}
