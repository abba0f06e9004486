namespace SupportBot.Core.Content;

/// <summary>A network from <c>content/networks.yaml</c>.</summary>
public sealed record NetworkDefinition(string Key, string Name, SourceRef Source)
{
    /// <summary>Null for networks that are not EVM chains (BNB Beacon Chain).</summary>
    public long? ChainId { get; init; }

    public string? NativeSymbol { get; init; }

    public int NativeDecimals { get; init; } = 18;

    /// <summary>False for retired networks: the bot never recommends them.</summary>
    public bool Active { get; init; } = true;

    /// <summary>Endpoints the bot's own lookups use (configuration may override them).</summary>
    public IReadOnlyList<string> Rpc { get; init; } = [];

    /// <summary>The RPC URL to give users who add the network by hand: the one the chain's own documentation lists.</summary>
    public string? ManualRpc { get; init; }

    /// <summary>The page of the chain's documentation that lists <see cref="ManualRpc"/>, quoted with it.</summary>
    public string? ManualRpcSource { get; init; }

    /// <summary>MetaMask ships this network (Ethereum): nobody needs to add it by hand.</summary>
    public bool BuiltIn { get; init; }

    /// <summary>Explorer home page, e.g. https://bscscan.com.</summary>
    public string? Explorer { get; init; }

    /// <summary>Explorer URL templates with <c>{hash}</c>, <c>{address}</c>.</summary>
    public string? ExplorerTx { get; init; }

    public string? ExplorerAddress { get; init; }

    public string? ExplorerToken { get; init; }

    /// <summary>The chain's own (canonical) bridge, and the network it connects this one to; null when it has none.</summary>
    public NativeBridge? Bridge { get; init; }

    /// <summary>Names and spellings people use for it (matched case-insensitively, with typos tolerated).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Names matched only with this exact case (an abbreviation that is a word in lower case).</summary>
    public IReadOnlyList<string> CaseSensitiveAliases { get; init; } = [];

    /// <summary>
    /// Names that are a coin or an ordinary word too ("eth", "op", "arb", "bnb"): the network only next to a network
    /// word (<see cref="NetworkWords"/>: "eth network", "on arb", "в сети op"), or joined by a preposition to another
    /// network ("from eth to bsc").
    /// </summary>
    public IReadOnlyList<string> AliasesInContext { get; init; } = [];

    /// <summary>
    /// Names that are an ordinary word but no coin ("base"): the network next to a network word or after a
    /// preposition ("to base", "на base"), never alone ("the base of", "base fee").
    /// </summary>
    public IReadOnlyList<string> AliasesAfterPreposition { get; init; } = [];

    /// <summary>
    /// Well-known tokens of this network (stablecoins, Binance-Peg tokens…): an address lookup reads their balances in
    /// the same request as the native balance, and their metadata comes from here instead of from the chain.
    /// </summary>
    public IReadOnlyList<TokenDefinition> Tokens { get; init; } = [];
}

/// <summary>A token from a network's <c>tokens:</c> list: its contract (EIP-55), symbol and decimals.</summary>
public sealed record TokenDefinition(string Contract, string Symbol, int Decimals, SourceRef Source);

/// <summary>
/// A chain's own bridge. An L2's bridge connects it to Ethereum, not to BNB Smart Chain: <see cref="Connects"/> says
/// which network is on the other side, so advice about BSC never offers a bridge that does not go there.
/// </summary>
public sealed record NativeBridge(string Url, string Connects, SourceRef Source);
