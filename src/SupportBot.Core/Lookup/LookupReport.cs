using System.Globalization;
using System.Text;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;

namespace SupportBot.Core.Lookup;

/// <summary>
/// Turns a lookup result into words for the user and into slots for the conversation: the network it landed on
/// and the token to import become the facts the next step's advice is written with.
/// </summary>
public sealed class LookupReport(ContentCatalog content)
{
    /// <summary>A report: its text, and slots to set (network, token).</summary>
    public sealed record Result(string Text, IReadOnlyDictionary<string, string> Slots);

    public Result Describe(TransactionLookup lookup, string language, IReadOnlyDictionary<string, string> slots)
    {
        var lines = new List<string>();
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var found in lookup.Found)
        {
            var values = new Dictionary<string, string>
            {
                ["network_name"] = NetworkName(found.Network),
                ["block"] = found.Block?.ToString(CultureInfo.InvariantCulture) ?? "",
                ["confirmations"] = found.Confirmations?.ToString(CultureInfo.InvariantCulture) ?? "",
                ["value"] = found.ValueText,
                ["from"] = found.From,
                ["to"] = found.To ?? "",
            };
            lines.Add(Text(language, found.Status switch
            {
                TransactionStatus.Pending => "lookup.tx.pending",
                TransactionStatus.Failed => "lookup.tx.failed",
                _ => found.To is null ? "lookup.tx.created" : "lookup.tx.success",
            }, slots, values));
            if (found.CreatedContract is { } created)
            {
                lines.Add(Text(language, "lookup.tx.created-contract", slots, new Dictionary<string, string> { ["contract"] = created }));
            }

            foreach (var transfer in found.TokenTransfers.Take(5))
            {
                lines.Add(Text(language, "lookup.tx.token-transfer", slots, new Dictionary<string, string>
                {
                    ["token_amount"] = transfer.AmountText,
                    ["token_symbol"] = transfer.Symbol ?? Text(language, "lookup.unnamed-token", slots, NoValues),
                    ["token_contract"] = transfer.Contract,
                    ["to"] = transfer.To,
                }));
            }
        }

        if (lookup.Found.FirstOrDefault() is { } first)
        {
            set[Slots.Network] = first.Network;
            lines.AddRange(Advice(lookup, first, language, slots, set));
        }
        else if (lookup.Unreachable.Count == 0)
        {
            lines.Add(Text(language, "lookup.tx.not-found", slots, new Dictionary<string, string> { ["networks"] = Names(lookup.NotFoundOn) }));
        }
        else if (lookup.NotFoundOn.Count > 0)
        {
            lines.Add(Text(language, "lookup.tx.not-found-so-far", slots, new Dictionary<string, string> { ["networks"] = Names(lookup.NotFoundOn) }));
        }

        AddUnreachable(lines, lookup.Unreachable, language, slots);
        return new Result(string.Join("\n", lines), set);
    }

    /// <summary>
    /// What to do about a transaction that was found, which depends on whose address received it: funds at the user's
    /// own address on another EVM network are there to see by switching MetaMask; funds at an exchange's deposit address
    /// on the wrong network are the exchange's to recover, and switching MetaMask shows nothing. Unknown: both, plainly.
    /// </summary>
    private List<string> Advice(TransactionLookup lookup, FoundTransaction first, string language,
        IReadOnlyDictionary<string, string> slots, Dictionary<string, string> set)
    {
        // A lookup moves the network slot to where the transaction is; the network the user named is kept beside it.
        var network = slots.GetValueOrDefault(Slots.Network);
        var stated = slots.GetValueOrDefault(Slots.StatedNetwork) ?? (network != slots.GetValueOrDefault(Slots.FoundNetwork) ? network : null);
        set[Slots.FoundNetwork] = first.Network;
        if (stated is not null)
        {
            set[Slots.StatedNetwork] = stated;
        }

        var elsewhere = stated is not null && lookup.Found.All(f => f.Network != stated);
        var token = first.TokenTransfers.FirstOrDefault();
        var values = new Dictionary<string, string>
        {
            ["network_name"] = NetworkName(first.Network),
            ["expected_network"] = stated is null ? "" : NetworkName(stated),
            ["to"] = token?.To ?? first.To ?? "",
            ["token_symbol"] = token is null ? "" : token.Symbol ?? Text(language, "lookup.unnamed-token", slots, NoValues),
            ["token_contract"] = token?.Contract ?? "",
        };
        var success = first.Status == TransactionStatus.Success;
        string Line(string key) => Text(language, key, slots, values);
        var advice = new List<string>();

        switch (slots.GetValueOrDefault(Slots.Recipient))
        {
            case Slots.OwnWallet:
                if (elsewhere)
                {
                    advice.Add(Line("lookup.tx.other-network"));
                }

                if (success)
                {
                    advice.Add(Line(token is null ? "lookup.tx.next-switch" : "lookup.tx.next-import"));
                }

                break;
            case Slots.ExchangeAddress:
                if (elsewhere && first.Status != TransactionStatus.Failed)
                {
                    advice.Add(Line("lookup.tx.exchange-other-network"));
                }
                else if (success)
                {
                    advice.Add(Line(stated is null ? "lookup.tx.exchange-check-network" : "lookup.tx.exchange-next"));
                }

                break;
            default:
                if (elsewhere)
                {
                    advice.Add(Line("lookup.tx.other-network-unknown"));
                }

                if (success)
                {
                    advice.Add(Line(token is null ? "lookup.tx.next-unknown" : "lookup.tx.next-unknown-import"));
                }

                break;
        }

        return advice;
    }

    public Result Describe(AddressLookup lookup, string language, IReadOnlyDictionary<string, string> slots)
    {
        var lines = new List<string>();
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        var active = lookup.Networks.Where(n => n.HasActivity).ToList();
        if (active.Count == 0 && lookup.Unreachable.Count == 0)
        {
            lines.Add(Text(language, "lookup.address.empty", slots, new Dictionary<string, string> { ["networks"] = Names(lookup.Networks.Select(n => n.Network)) }));
        }
        else if (active.Count > 0)
        {
            lines.Add(Text(language, "lookup.address.header", slots, NoValues));
            foreach (var network in active)
            {
                lines.Add(AddressLine(network, language, slots));
            }

            if (active.Any(n => Held(n).Any(t => !t.Listed)))
            {
                lines.Add(Text(language, "lookup.address.unverified-note", slots, NoValues));
            }

            if (active.Count == 1)
            {
                set[Slots.Network] = active[0].Network;
            }
        }

        var unread = lookup.Networks.Where(n => !n.TransfersChecked).Select(n => n.Network).ToList();
        if (unread.Count > 0)
        {
            lines.Add(Text(language, "lookup.address.transfers-unchecked", slots, new Dictionary<string, string> { ["networks"] = Names(unread) }));
        }

        AddUnreachable(lines, lookup.Unreachable, language, slots);
        return new Result(string.Join("\n", lines), set);
    }

    /// <summary>Most tokens shown per network; the rest are usually airdropped spam.</summary>
    private const int MaxTokensPerLine = 5;

    private static IEnumerable<TokenBalance> Held(AddressOnNetwork network) => network.Tokens.Where(t => !t.RawAmount.IsZero);

    /// <summary>"On Ethereum: 42.000001 USDT (no ETH for gas)": what is where, and whether there is gas to move it.</summary>
    private string AddressLine(AddressOnNetwork network, string language, IReadOnlyDictionary<string, string> slots)
    {
        var values = new Dictionary<string, string>
        {
            ["network_name"] = NetworkName(network.Network),
            ["balance"] = network.BalanceText,
            ["tx_count"] = network.TransactionCount.ToString(CultureInfo.InvariantCulture),
            ["native_symbol"] = content.Networks.GetValueOrDefault(network.Network)?.NativeSymbol ?? "",
        };
        var held = Held(network).OrderByDescending(t => t.Listed).Take(MaxTokensPerLine).ToList();
        if (network.IsContract)
        {
            return Text(language, "lookup.address.contract-line", slots, values);
        }

        if (held.Count == 0)
        {
            return Text(language, network.Balance > 0 || network.TransactionCount > 0 ? "lookup.address.line" : "lookup.address.received-line", slots, values);
        }

        var unverified = Text(language, "lookup.address.unverified-mark", slots, NoValues);
        values["tokens"] = string.Join(", ", held.Select(t =>
            $"{t.AmountText} {t.Symbol ?? Text(language, "lookup.unnamed-token", slots, NoValues)}{(t.Listed ? "" : " " + unverified)}"));
        return Text(language, network.Balance.IsZero ? "lookup.address.tokens-no-gas" : "lookup.address.tokens-line", slots, values);
    }

    /// <summary>
    /// A lookup asked for outside a conversation (a moderator's /lookup, the CLI): the report, or what is wrong with the
    /// query. Without a lookup service (none configured), hashes and addresses get the usage text.
    /// </summary>
    public async Task<string> DescribeQueryAsync(IChainLookup? chainLookup, string query, string language, CancellationToken cancellationToken)
    {
        var parsed = LookupQuery.Parse(query);
        var noSlots = new Dictionary<string, string>();
        return (parsed.Kind, chainLookup) switch
        {
            (LookupQueryKind.Transaction, { } chain) => Describe(await chain.FindTransactionAsync(parsed.Value!, cancellationToken).ConfigureAwait(false), language, noSlots).Text,
            (LookupQueryKind.Address, { } chain) => Describe(await chain.FindAddressAsync(parsed.Value!, null, cancellationToken).ConfigureAwait(false), language, noSlots).Text,
            _ => content.Texts.Get(language, parsed.ProblemTextKey ?? "lookup.input.nothing"),
        };
    }

    /// <summary>The networks the bot knows, one line each: name, chain id, explorer.</summary>
    public string NetworkList(string language) =>
        string.Join("\n", new[] { content.Texts.Get(language, "group.networks") }.Concat(content.Networks.Values.Where(n => n.Active).Select(n =>
            Text(language, "group.network-line", NoValues, new Dictionary<string, string>
            {
                ["network_name"] = n.Name,
                ["chain_id"] = n.ChainId?.ToString(CultureInfo.InvariantCulture) ?? "",
                ["explorer_url"] = n.Explorer ?? "",
            }))));

    /// <summary>What the bot says while a slow lookup runs.</summary>
    public string Progress(string language, IReadOnlyDictionary<string, string> slots, int networks) =>
        Text(language, "lookup.progress", slots, new Dictionary<string, string> { ["network_count"] = networks.ToString(CultureInfo.InvariantCulture) });

    private void AddUnreachable(List<string> lines, IReadOnlyList<NetworkFailure> unreachable, string language, IReadOnlyDictionary<string, string> slots)
    {
        if (unreachable.Count > 0)
        {
            lines.Add(Text(language, "lookup.unreachable", slots, new Dictionary<string, string> { ["networks"] = Names(unreachable.Select(u => u.Network)) }));
        }
    }

    private string Names(IEnumerable<string> networks)
    {
        var sb = new StringBuilder();
        foreach (var key in networks)
        {
            sb.Append(sb.Length > 0 ? ", " : "").Append(NetworkName(key));
        }

        return sb.ToString();
    }

    private static readonly IReadOnlyDictionary<string, string> NoValues = new Dictionary<string, string>();

    private string NetworkName(string key) => content.Networks.GetValueOrDefault(key)?.Name ?? key;

    private string Text(string language, string key, IReadOnlyDictionary<string, string> slots, IReadOnlyDictionary<string, string> values) =>
        Placeholders.Fill(content.Texts.Get(language, key), content, language, slots, values);
}
