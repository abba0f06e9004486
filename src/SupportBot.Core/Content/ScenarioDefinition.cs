namespace SupportBot.Core.Content;

/// <summary>A guided scenario from <c>content/scenarios/*.yaml</c>: a graph of steps starting at <see cref="Start"/>.</summary>
public sealed record ScenarioDefinition(
    string Id,
    string TitleKey,
    string Start,
    IReadOnlyDictionary<string, StepDefinition> Steps,
    SourceRef Source)
{
    /// <summary>Step that a transaction hash typed anywhere in this scenario leads to, if any.</summary>
    public string? OnTransaction { get; init; }

    /// <summary>Step that an EVM address typed anywhere in this scenario leads to, if any.</summary>
    public string? OnAddress { get; init; }
}

/// <summary>
/// One step: a text (a question or advice), choices, and whether it waits for a typed transaction hash or address.
/// A step with neither is terminal: the engine offers the way back to the menu.
/// </summary>
public sealed record StepDefinition(string Id, string TextKey, SourceRef Source)
{
    public IReadOnlyList<ChoiceDefinition> Choices { get; init; } = [];

    /// <summary>The step a typed transaction hash leads to (the hash goes to slot <c>tx</c>); null when not asked for.</summary>
    public string? OnTransaction { get; init; }

    /// <summary>The step a typed EVM address leads to (slot <c>address</c>); null when not asked for.</summary>
    public string? OnAddress { get; init; }

    public IReadOnlyList<LinkRef> Links { get; init; } = [];

    /// <summary>
    /// The slot this step's question fills. When the conversation already knows it (a deposit is going to an exchange,
    /// the exchange is Binance.US), arriving here follows the choice that sets that value instead of asking again.
    /// </summary>
    public string? Asks { get; init; }

    /// <summary>
    /// Look the conversation's <c>tx</c> or <c>address</c> slot up on every network when arriving here, and put what
    /// was found (network, status, tokens) in front of this step's text.
    /// </summary>
    public LookupKind Lookup { get; init; }

    /// <summary>
    /// Only a person can take this further (funds held at an exchange's deposit address, sent to a contract): where the
    /// user's channel has tickets, the step offers "Talk to the team" besides its own advice.
    /// </summary>
    public bool Handoff { get; init; }

    public bool IsTerminal => Choices.Count == 0 && OnTransaction is null && OnAddress is null;
}

/// <summary>What a step looks up on-chain when the conversation arrives at it.</summary>
public enum LookupKind
{
    None,
    Transaction,
    Address,
}

/// <summary>A choice: a label and where it leads (a step of this scenario, or another scenario).</summary>
public sealed record ChoiceDefinition(string LabelKey, SourceRef Source)
{
    public string? Next { get; init; }

    public string? Scenario { get; init; }

    /// <summary>Step of <see cref="Scenario"/> to start at; its start step when null.</summary>
    public string? At { get; init; }

    public IReadOnlyDictionary<string, string> Set { get; init; } = new Dictionary<string, string>();
}

/// <summary>A link shown under a step; <see cref="When"/> restricts it to conversations whose slots match.</summary>
public sealed record LinkRef(string Id, IReadOnlyDictionary<string, string> When, SourceRef Source)
{
    /// <summary>
    /// A link id that stands for the way between BNB Smart Chain and the network in the <c>network</c> slot: that
    /// network's own bridge when it connects to BSC (opBNB), else the BNB Chain Bridge page. Never an L2's own bridge,
    /// which goes to Ethereum.
    /// </summary>
    public const string BscRoute = "bsc-route";

    /// <summary>The link <see cref="BscRoute"/> falls back to: BNB Chain's page of third-party routes.</summary>
    public const string BscRouteFallback = "bnb-chain-bridge";

    /// <summary>The network every bridge link is about.</summary>
    public const string BscNetwork = "bsc";
}

/// <summary>An official page, from <c>content/links.yaml</c>.</summary>
public sealed record LinkDefinition(string Id, string LabelKey, string Url, SourceRef Source);

/// <summary>Where a definition came from, for error messages.</summary>
public sealed record SourceRef(string File, int Line);
