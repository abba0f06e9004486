using System.Globalization;
using System.Text;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Scams;

namespace SupportBot.Core.Lookup;

/// <summary>
/// Turns a lookup result into words for the user and into slots for the conversation: the network it landed on
/// and the token to import become the facts the next step's advice is written with.
/// </summary>
public sealed class LookupReport(ContentCatalog content)
{
    /// <summary>A report: its text, and slots to set (network, token).</summary>
    public sealed record Result(string Text, IReadOnlyDictionary<string, string> Slots)
    {
        /// <summary>
        /// What MetaMask should show to see the funds: the network they are on and the real token received, when they
        /// reached the user's own wallet (or whose wallet is unknown); null when switching would show nothing.
        /// </summary>
        public Fix.FixTarget? Fix { get; init; }
    }

    /// <summary>
    /// Slot set when a report called out a fake token: the symbol of the well-known token it poses as. Steps whose
    /// text says "import the token" can leave that out when it is set.
    /// </summary>
    public const string FakeTokenSlot = "fake_token";

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

            foreach (var fake in found.TokenTransfers.Where(t => t.Imitates is not null).DistinctBy(t => t.Contract.ToLowerInvariant()))
            {
                set[FakeTokenSlot] = fake.Imitates!.Symbol;
                lines.Add(FakeWarning(language, slots, found.Network, fake.Contract, fake.Symbol ?? fake.Name, fake.Imitates!));
            }
        }

        ForgetEarlierFake(slots, set);
        Fix.FixTarget? fix = null;
        if (lookup.Found.FirstOrDefault() is { } first)
        {
            set[Slots.Network] = first.Network;
            lines.AddRange(Advice(lookup, first, language, slots, set));
            var realToken = first.TokenTransfers.FirstOrDefault(t => t.Imitates is null);
            if (first.Status == TransactionStatus.Success && slots.GetValueOrDefault(Slots.Recipient) != Slots.ExchangeAddress
                && (realToken is not null || first.TokenTransfers.Count == 0))
            {
                fix = new Fix.FixTarget(first.Network, realToken?.Contract.ToLowerInvariant());
            }
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
        return new Result(string.Join("\n", lines), set) { Fix = fix };
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
        // A fake token is never one to import: advice speaks of the first real one, or of none when all are fakes.
        var token = first.TokenTransfers.FirstOrDefault(t => t.Imitates is null);
        var onlyFakes = token is null && first.TokenTransfers.Count > 0;
        var values = new Dictionary<string, string>
        {
            ["network_name"] = NetworkName(first.Network),
            ["expected_network"] = stated is null ? "" : NetworkName(stated),
            ["to"] = token?.To ?? first.To ?? "",
            ["token_symbol"] = token is null ? "" : token.Symbol ?? Text(language, "lookup.unnamed-token", slots, NoValues),
            ["token_contract"] = token?.Contract ?? "",
        };
        var success = first.Status == TransactionStatus.Success && !onlyFakes;
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
        Fix.FixTarget? fix = null;
        ForgetEarlierFake(slots, set);
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
                lines.AddRange(ContractTokenLines(network, language, slots));
            }

            var warnings = active.SelectMany(n => FakeWarnings(n, language, slots)).ToList();
            lines.AddRange(warnings);
            if (warnings.Count > 0)
            {
                set[FakeTokenSlot] = active.SelectMany(n => Shown(n).Select(t => t.Imitates).Append(n.ContractToken?.Imitates)).OfType<ImitatedToken>().First().Symbol;
            }

            if (active.Any(n => Shown(n).Any(t => t is { Listed: false, Imitates: null })))
            {
                lines.Add(Text(language, "lookup.address.unverified-note", slots, NoValues));
            }

            if (active.Count == 1)
            {
                set[Slots.Network] = active[0].Network;
                if (!active[0].IsContract && slots.GetValueOrDefault(Slots.Recipient) != Slots.ExchangeAddress)
                {
                    fix = new Fix.FixTarget(active[0].Network);
                }
            }
        }

        var unread = lookup.Networks.Where(n => !n.TransfersChecked).Select(n => n.Network).ToList();
        if (unread.Count > 0)
        {
            lines.Add(Text(language, "lookup.address.transfers-unchecked", slots, new Dictionary<string, string> { ["networks"] = Names(unread) }));
        }

        AddUnreachable(lines, lookup.Unreachable, language, slots);
        return new Result(string.Join("\n", lines), set) { Fix = fix };
    }

    /// <summary>Most tokens shown per network; the rest are usually airdropped spam.</summary>
    private const int MaxTokensPerLine = 5;

    private static IEnumerable<TokenBalance> Held(AddressOnNetwork network) => network.Tokens.Where(t => !t.RawAmount.IsZero);

    /// <summary>The tokens a report lists for a network: known ones, then fakes (which must never drop off the list), then the rest.</summary>
    private static List<TokenBalance> Shown(AddressOnNetwork network) =>
        [.. Held(network).OrderByDescending(t => t.Listed).ThenByDescending(t => t.Imitates is not null).Take(MaxTokensPerLine)];

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
        var held = Shown(network);
        if (network.IsContract)
        {
            return Text(language, "lookup.address.contract-line", slots, values);
        }

        if (held.Count == 0)
        {
            return Text(language, network.Balance > 0 || network.TransactionCount > 0 ? "lookup.address.line" : "lookup.address.received-line", slots, values);
        }

        var unverified = Text(language, "lookup.address.unverified-mark", slots, NoValues);
        var fake = Text(language, "scams-tokens.fake-token.mark", slots, NoValues);
        values["tokens"] = string.Join(", ", held.Select(t =>
            $"{t.AmountText} {t.Symbol ?? Text(language, "lookup.unnamed-token", slots, NoValues)}{(t.Listed ? "" : " " + (t.Imitates is null ? unverified : fake))}"));
        return Text(language, network.Balance.IsZero ? "lookup.address.tokens-no-gas" : "lookup.address.tokens-line", slots, values);
    }

    /// <summary>A fake called out by an earlier lookup in the conversation is not this one's (this lookup sets it again if it finds one).</summary>
    private static void ForgetEarlierFake(IReadOnlyDictionary<string, string> slots, Dictionary<string, string> set)
    {
        if (!string.IsNullOrEmpty(slots.GetValueOrDefault(FakeTokenSlot)) && !set.ContainsKey(FakeTokenSlot))
        {
            set[FakeTokenSlot] = "";
        }
    }

    /// <summary>What a contract is, under its address line: a well-known token, or a token not on the list (a fake gets its warning apart).</summary>
    private IEnumerable<string> ContractTokenLines(AddressOnNetwork network, string language, IReadOnlyDictionary<string, string> slots)
    {
        if (network is not { IsContract: true, ContractToken: { IsToken: true, Imitates: null } token })
        {
            yield break;
        }

        yield return Text(language, token.Listed ? "scams-tokens.contract.known" : "scams-tokens.contract.unknown", slots, TokenValues(language, slots, network.Network, token));
    }

    /// <summary>The warnings for every fake token a report shows on a network: held ones, and the contract itself.</summary>
    private IEnumerable<string> FakeWarnings(AddressOnNetwork network, string language, IReadOnlyDictionary<string, string> slots)
    {
        var fakes = Shown(network).Where(t => t.Imitates is not null).Select(t => (t.Contract, Claim: t.Symbol ?? t.Name, Imitates: t.Imitates!)).ToList();
        if (network.ContractToken is { Imitates: { } imitated } self)
        {
            fakes.Insert(0, (self.Contract, self.Symbol ?? self.Name, imitated));
        }

        return fakes.DistinctBy(f => f.Contract.ToLowerInvariant()).Select(f => FakeWarning(language, slots, network.Network, f.Contract, f.Claim, f.Imitates));
    }

    /// <summary>
    /// "This token calls itself USDT but it is not Tether's USDT on BNB Smart Chain — do not try to sell or approve it":
    /// the line every report carries for a fake token, ahead of any advice.
    /// </summary>
    private string FakeWarning(string language, IReadOnlyDictionary<string, string> slots, string network, string contract, string? claim, ImitatedToken imitated)
    {
        var realKey = "scams-tokens.fake-token.real." + imitated.Symbol.ToLowerInvariant();
        var real = content.Texts.Has(language, realKey) || content.Texts.Has(TextCatalog.DefaultLanguage, realKey)
            ? Text(language, realKey, slots, NoValues)
            : Text(language, "scams-tokens.fake-token.real-token", slots, new Dictionary<string, string> { ["token_symbol"] = imitated.Symbol });
        return Text(language, "scams-tokens.fake-token.warning", slots, new Dictionary<string, string>
        {
            ["token_symbol"] = claim ?? imitated.Symbol,
            ["real_token"] = real,
            ["network_name"] = NetworkName(network),
            ["token_contract"] = contract,
            ["contract"] = imitated.Contract,
        });
    }

    private Dictionary<string, string> TokenValues(string language, IReadOnlyDictionary<string, string> slots, string network, ContractToken token) => new()
    {
        ["network_name"] = NetworkName(network),
        ["token_symbol"] = token.Symbol ?? token.Name ?? Text(language, "lookup.unnamed-token", slots, NoValues),
        ["token_contract"] = token.Contract,
    };

    /// <summary>
    /// <c>/check</c> of an address: per network, a wallet or a contract, and for a contract a well-known token, a fake
    /// of one, another token or no token at all; fakes held by a wallet are called out too.
    /// </summary>
    public string DescribeCheck(AddressLookup lookup, string language)
    {
        var slots = new Dictionary<string, string> { [Slots.Address] = lookup.Address };
        var lines = new List<string> { Text(language, "scams-tokens.check.header", slots, NoValues) };
        var unused = new List<string>();
        foreach (var network in lookup.Networks)
        {
            var values = new Dictionary<string, string>
            {
                ["network_name"] = NetworkName(network.Network),
                ["balance"] = network.BalanceText,
                ["tx_count"] = network.TransactionCount.ToString(CultureInfo.InvariantCulture),
            };
            if (network.IsContract)
            {
                lines.Add(network.ContractToken switch
                {
                    null => Text(language, "scams-tokens.check.contract-unread", slots, values),
                    { IsToken: false } => Text(language, "scams-tokens.check.contract", slots, values),
                    { Listed: true } token => Text(language, "scams-tokens.check.known-token", slots, TokenValues(language, slots, network.Network, token)),
                    { Imitates: not null } token => Text(language, "scams-tokens.check.fake-token", slots, TokenValues(language, slots, network.Network, token)),
                    var token => Text(language, "scams-tokens.check.unknown-token", slots, TokenValues(language, slots, network.Network, token)),
                });
            }
            else if (network.HasActivity)
            {
                lines.Add(Text(language, "scams-tokens.check.wallet", slots, values));
            }
            else
            {
                unused.Add(network.Network);
            }
        }

        lines.AddRange(lookup.Networks.SelectMany(n => FakeWarnings(n, language, slots)));
        if (unused.Count == lookup.Networks.Count && lookup.Networks.Count > 0)
        {
            lines[0] = Text(language, "scams-tokens.check.nothing", slots, new Dictionary<string, string> { ["networks"] = Names(unused) });
        }
        else if (unused.Count > 0)
        {
            lines.Add(Text(language, "scams-tokens.check.unused", slots, new Dictionary<string, string> { ["networks"] = Names(unused) }));
        }

        AddUnreachable(lines, lookup.Unreachable, language, slots);
        return string.Join("\n", lines);
    }

    /// <summary>
    /// <c>/check &lt;address | token contract | explorer link | transaction&gt;</c>: what the address is on every network
    /// (<see cref="DescribeCheck"/>), a transaction's report, or what is wrong with the input. Null when the text holds
    /// nothing on-chain to check (a plain website link is for the link check), so a channel can merge both answers.
    /// </summary>
    public async Task<string?> DescribeCheckAsync(IChainLookup? chainLookup, string query, string language, CancellationToken cancellationToken)
    {
        var parsed = LookupQuery.Parse(query);
        return (parsed.Kind, chainLookup) switch
        {
            (LookupQueryKind.Nothing, _) => null,
            (LookupQueryKind.Address, { } chain) => DescribeCheck(await chain.FindAddressAsync(parsed.Value!, null, cancellationToken).ConfigureAwait(false), language),
            (LookupQueryKind.Transaction, { } chain) => Describe(await chain.FindTransactionAsync(parsed.Value!, cancellationToken).ConfigureAwait(false), language, new Dictionary<string, string>()).Text,
            (LookupQueryKind.Address or LookupQueryKind.Transaction, null) => content.Texts.Get(language, "scams-tokens.check.unavailable"),
            _ => content.Texts.Get(language, parsed.ProblemTextKey ?? "lookup.input.nothing"),
        };
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
