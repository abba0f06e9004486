using System.Text.RegularExpressions;
using SupportBot.Core.Content;

namespace SupportBot.Core.Conversations;

/// <summary>
/// The <c>{name}</c> placeholders texts may use, filled from the conversation's slots and the network registry.
/// Content validation rejects any other name.
/// </summary>
public static partial class Placeholders
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "network_name", "chain_id", "native_symbol", "explorer_url", "rpc_url", "rpc_source", "manual_rpc",
        "exchange_name", "tx", "tx_link", "address", "address_link", "scenario_list",
        // Filled by on-chain lookup reports.
        "network_count", "networks", "expected_network", "block", "confirmations", "value", "from", "to", "contract",
        "token_amount", "token_symbol", "token_contract", "balance", "tx_count", "tokens",
        // Filled by channels.
        "user",
        // Filled by the fake-token warning: the well-known token a fake poses as ("Tether's USDT").
        "real_token",
        // Filled by the ticket desk.
        "ticket", "place", "staff", "reason", "channel", "language", "warning_after", "close_after", "when", "hours", "note_prefix",
        // Filled in the ticket form: what happened, in the user's words or the way through the scenario.
        "what",
        // Filled by the link checks: the domain a link opens.
        "host",
        // The number inside a plural form (count.* texts).
        "count",
    };

    /// <summary>The line about the RPC URL in manual network details: the documented RPC and where it is listed.</summary>
    public const string ManualRpcText = "common.manual-rpc";

    /// <summary>The same line for a network MetaMask ships, which nobody adds by hand.</summary>
    public const string BuiltInRpcText = "common.manual-rpc-built-in";

    /// <summary>Network used for explorer links when the user has not named one: the bot is about BNB Smart Chain.</summary>
    public const string DefaultNetwork = "bsc";

    /// <summary>
    /// Fills <paramref name="text"/> from the conversation's <paramref name="slots"/>; <paramref name="values"/>,
    /// when given, are for this one text (a lookup report's) and take precedence.
    /// </summary>
    public static string Fill(string text, ContentCatalog content, string language, IReadOnlyDictionary<string, string> slots,
        IReadOnlyDictionary<string, string>? values = null)
    {
        if (!text.Contains('{', StringComparison.Ordinal))
        {
            return text;
        }

        var network = content.Networks.GetValueOrDefault(slots.GetValueOrDefault(Slots.Network) ?? DefaultNetwork)
                      ?? content.Networks.GetValueOrDefault(DefaultNetwork);
        return Pattern().Replace(text, match => Counted(content, language, match.Groups[1].Value, Value(match)));

        string Value(Match match) => values?.GetValueOrDefault(match.Groups[1].Value) ?? match.Groups[1].Value switch
        {
            "network_name" => network?.Name ?? "",
            "chain_id" => network?.ChainId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            "native_symbol" => network?.NativeSymbol ?? "",
            "explorer_url" => network?.Explorer ?? "",
            "rpc_url" => network?.ManualRpc ?? "",
            "rpc_source" => network?.ManualRpcSource ?? "",
            "manual_rpc" => Fill(content.Texts.Get(language, network?.BuiltIn == true ? BuiltInRpcText : ManualRpcText), content, language, slots),
            "exchange_name" => content.Texts.Get(language, "common.exchange." + (slots.GetValueOrDefault(Slots.Exchange) ?? "binance")),
            "tx" => slots.GetValueOrDefault(Slots.Transaction) ?? "",
            "tx_link" => Template(network?.ExplorerTx, "{hash}", slots.GetValueOrDefault(Slots.Transaction)),
            "address" => slots.GetValueOrDefault(Slots.Address) ?? "",
            "address_link" => Template(network?.ExplorerAddress, "{address}", slots.GetValueOrDefault(Slots.Address)),
            "scenario_list" => string.Join("\n", content.Menu.Steps[content.Menu.Start].Choices
                .Select(c => "- " + content.Texts.Get(language, c.LabelKey))),
            _ => match.Value,
        };
    }

    /// <summary>
    /// A number with its noun in the right plural form, when the locale has a <c>count.{name}</c> text for it:
    /// <c>{confirmations}</c> = 1 reads "1 confirmation", 5 in Russian "5 подтверждений".
    /// </summary>
    private static string Counted(ContentCatalog content, string language, string name, string value) =>
        long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
        && content.Texts.Plural(language, TextCatalog.CountPrefix + name, n) is { } counted
            ? counted
            : value;

    private static string Template(string? template, string placeholder, string? value) =>
        template is null || value is null ? "" : template.Replace(placeholder, value, StringComparison.Ordinal);

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Pattern();
}
