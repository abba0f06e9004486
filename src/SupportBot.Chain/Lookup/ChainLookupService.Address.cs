using System.Numerics;
using SupportBot.Chain.Evm;
using SupportBot.Chain.JsonRpc;
using SupportBot.Core.Lookup;

namespace SupportBot.Chain.Lookup;

/// <summary>Address lookups: native balance, the known tokens, and tokens found in recent transfers.</summary>
public sealed partial class ChainLookupService
{
    /// <summary>Most tokens outside the known list one lookup reads (newest transfers first); more is airdropped spam.</summary>
    private const int MaxDiscoveredTokens = 10;

    /// <summary>Batches one network's address lookup may send: the first, then transfer-log ranges and new tokens.</summary>
    private const int MaxAddressRounds = 4;

    /// <summary>
    /// First batch: native balance, nonce, code, head, every known token's balanceOf and — when the head is cached —
    /// the recent incoming transfers. Later batches (only when needed): log ranges the endpoint wanted smaller, and
    /// balance and metadata of tokens those transfers revealed.
    /// </summary>
    private async Task<Outcome<AddressOnNetwork>> FindAddressOnAsync(ChainTarget target, string address, string? asked, CancellationToken cancellationToken) =>
        await OnEndpointsAsync(target.Key, async (endpoint, attempt) =>
        {
            var settings = options.Value;
            var known = target.Tokens;
            var askedKey = asked?.ToLowerInvariant();
            var askedUnknown = askedKey is not null && target.Known(askedKey) is null;
            var askedMetadata = askedUnknown ? tokens.Get(target, askedKey!) : null;
            var search = settings.TransferLogBlocks > 0 ? new TransferLogSearch(address, settings.TransferLogBlocks, settings.MaxLogRequests) : null;
            var firstRange = search is not null && heads.Recent(target.Key) is { } cachedHead ? search.FirstRange(cachedHead) : null;

            List<JsonRpcCall> calls =
            [
                new("eth_getBalance", address, "latest"), new("eth_getTransactionCount", address, "latest"), new("eth_getCode", address, "latest"),
                new("eth_blockNumber"),
            ];
            calls.AddRange(known.Select(t => EthCall(t.Contract, Erc20.BalanceOfCall(address))));
            if (askedUnknown)
            {
                calls.Add(EthCall(asked!, Erc20.BalanceOfCall(address)));
                if (askedMetadata is null)
                {
                    calls.AddRange(MetadataCalls(asked!));
                }
            }

            if (firstRange is not null)
            {
                calls.Add(search!.Call(firstRange));
            }

            var answers = await AskAsync(target, endpoint, calls, attempt).ConfigureAwait(false);
            var balance = Hex.Quantity(answers[0].Value);
            var nonce = Hex.Long(answers[1].Value);
            var isContract = answers[2].Value.GetString() is { Length: > 2 };
            var head = Hex.Long(answers[3].Value);
            heads.Observe(target.Key, head);

            var next = 4;
            var held = new List<TokenBalance>();
            foreach (var token in known)
            {
                if (Word(answers[next++]) is { IsZero: false } raw)
                {
                    held.Add(Balance(target, token.Contract, new TokenMetadata(token.Symbol, null, token.Decimals), raw, listed: true));
                }
            }

            TokenBalance? askedBalance = null;
            if (askedUnknown)
            {
                var raw = Word(answers[next++]) ?? BigInteger.Zero;
                if (askedMetadata is null)
                {
                    askedMetadata = ReadMetadata(answers, next);
                    tokens.Remember(target.Key, askedKey!, askedMetadata);
                    next += 3;
                }

                askedBalance = Balance(target, askedKey!, askedMetadata, raw, listed: false);
            }
            else if (askedKey is not null)
            {
                var token = target.Known(askedKey)!;
                askedBalance = held.FirstOrDefault(h => h.Contract.Equals(askedKey, StringComparison.OrdinalIgnoreCase))
                               ?? Balance(target, token.Contract, new TokenMetadata(token.Symbol, null, token.Decimals), BigInteger.Zero, listed: true);
            }

            // A contract asked about is often a token someone was sent or told to buy: say which, and whether it is a fake.
            var contractToken = isContract ? await ContractTokenAsync(target, endpoint, address, attempt).ConfigureAwait(false) : null;

            if (firstRange is not null)
            {
                search!.Accept(firstRange, answers[next], head);
            }
            else
            {
                search?.Start(head);
            }

            if (search is not null)
            {
                await SearchTransfersAsync(target, endpoint, address, search, head, held, askedBalance, attempt).ConfigureAwait(false);
            }

            if (askedBalance is { Listed: false, RawAmount.IsZero: false } && held.All(h => !h.Contract.Equals(askedBalance.Contract, StringComparison.OrdinalIgnoreCase)))
            {
                held.Add(askedBalance);
            }

            return Outcome<AddressOnNetwork>.Found(target.Key, new AddressOnNetwork
            {
                Network = target.Key,
                Balance = balance,
                BalanceText = $"{Units.Format(balance, target.Network.NativeDecimals)} {target.Network.NativeSymbol}",
                TransactionCount = nonce,
                IsContract = isContract,
                Token = askedBalance,
                Tokens = held,
                RecentIncomingTransfers = search?.Transfers.Count ?? 0,
                TransfersChecked = search?.Complete ?? true,
                ExplorerUrl = target.Network.ExplorerAddress?.Replace("{address}", address, StringComparison.Ordinal),
                ContractToken = contractToken,
            });
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Follows up the first batch: asks the log ranges still pending, and balance (plus metadata, unless known or cached)
    /// of tokens the transfers revealed, until nothing is left or the rounds run out. A failure here leaves the search
    /// incomplete; it never fails the lookup.
    /// </summary>
    private async Task SearchTransfersAsync(ChainTarget target, Uri endpoint, string address, TransferLogSearch search, long head,
        List<TokenBalance> held, TokenBalance? asked, CancellationToken cancellationToken)
    {
        var settled = new HashSet<string>(target.Tokens.Select(t => t.Key), StringComparer.Ordinal);
        if (asked is not null)
        {
            settled.Add(asked.Contract.ToLowerInvariant());
        }

        var discoveredSoFar = 0;
        for (var round = 1; round < MaxAddressRounds; round++)
        {
            var discovered = search.Transfers.Select(t => t.Contract).Distinct().Where(c => !settled.Contains(c))
                .Take(Math.Max(0, MaxDiscoveredTokens - discoveredSoFar)).ToList();
            settled.UnionWith(discovered);
            discoveredSoFar += discovered.Count;
            var ranges = search.TakePending();
            if (ranges.Count == 0 && discovered.Count == 0)
            {
                return;
            }

            var calls = new List<JsonRpcCall>(ranges.Select(search.Call));
            var metadata = new Dictionary<string, TokenMetadata?>(StringComparer.Ordinal);
            foreach (var contract in discovered)
            {
                calls.Add(EthCall(contract, Erc20.BalanceOfCall(address)));
                metadata[contract] = tokens.Get(target, contract);
                if (metadata[contract] is null)
                {
                    calls.AddRange(MetadataCalls(contract));
                }
            }

            var answers = await AskWithFailoverAsync(target, endpoint, calls, cancellationToken).ConfigureAwait(false);
            if (answers is null)
            {
                search.Abandon();
                return;
            }

            var next = 0;
            foreach (var range in ranges)
            {
                search.Accept(range, answers[next++], head);
            }

            foreach (var contract in discovered)
            {
                var raw = Word(answers[next++]);
                var read = metadata[contract];
                if (read is null)
                {
                    read = ReadMetadata(answers, next);
                    tokens.Remember(target.Key, contract, read);
                    next += 3;
                }

                if (raw is { IsZero: false } amount)
                {
                    held.Add(Balance(target, contract, read, amount, listed: false));
                }
            }
        }

        if (search.HasPending)
        {
            search.Abandon();
        }
    }

    /// <summary>
    /// The token a contract is: known from the list, or its own symbol, name and decimals (cached, else one more
    /// batch). Null when that batch fails: "could not tell" must not read as "not a token".
    /// </summary>
    private async Task<ContractToken?> ContractTokenAsync(ChainTarget target, Uri endpoint, string address, CancellationToken cancellationToken)
    {
        var explorer = target.Network.ExplorerToken?.Replace("{address}", address, StringComparison.Ordinal);
        if (target.Known(address) is { } known)
        {
            return new ContractToken(known.Contract, known.Symbol, null, known.Decimals) { Listed = true, ExplorerUrl = explorer };
        }

        var metadata = tokens.Get(target, address);
        if (metadata is null)
        {
            if (await AskWithFailoverAsync(target, endpoint, [.. MetadataCalls(address)], cancellationToken).ConfigureAwait(false) is not { } answers)
            {
                return null;
            }

            metadata = ReadMetadata(answers, 0);
            tokens.Remember(target.Key, address, metadata);
        }

        return new ContractToken(address, metadata.Symbol, metadata.Name, metadata.Decimals)
        {
            Imitates = target.Imitated(address, metadata.Symbol, metadata.Name),
            ExplorerUrl = explorer,
        };
    }

    private static TokenBalance Balance(ChainTarget target, string contract, TokenMetadata metadata, BigInteger raw, bool listed) =>
        new(contract, metadata.Symbol, metadata.Decimals, raw, Amount(raw, metadata.Decimals))
        {
            Name = metadata.Name,
            Listed = listed,
            ExplorerUrl = target.Network.ExplorerToken?.Replace("{address}", contract, StringComparison.Ordinal),
            Imitates = listed ? null : target.Imitated(contract, metadata.Symbol, metadata.Name),
        };

    /// <summary>A balanceOf answer (one 32-byte word), or null when the call reverted or answered something else.</summary>
    private static BigInteger? Word(JsonRpcResult answer) => Text(answer) is { Length: 66 } word ? Hex.Quantity(word) : null;
}
