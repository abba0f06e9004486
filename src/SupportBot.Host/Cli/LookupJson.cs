using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Core.Content;
using SupportBot.Core.Lookup;
using SupportBot.Core.Triage;

namespace SupportBot.Host.Cli;

/// <summary>The JSON the <c>lookup --json</c> verb prints: one object. Amounts are decimal strings (they exceed 64 bits).</summary>
internal static class LookupJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(TransactionLookup lookup, ContentCatalog content) => new JsonObject
    {
        ["query"] = lookup.Hash,
        ["kind"] = "transaction",
        ["found"] = new JsonArray([.. lookup.Found.Select(f => (JsonNode)new JsonObject
        {
            ["network"] = f.Network,
            ["chainId"] = content.Networks[f.Network].ChainId,
            ["status"] = f.Status.ToString().ToLowerInvariant(),
            ["block"] = f.Block,
            ["confirmations"] = f.Confirmations,
            ["from"] = f.From,
            ["to"] = f.To,
            ["toIsContract"] = f.ToIsContract,
            ["createdContract"] = f.CreatedContract,
            ["value"] = f.Value.ToString(CultureInfo.InvariantCulture),
            ["valueText"] = f.ValueText,
            ["tokenTransfers"] = new JsonArray([.. f.TokenTransfers.Select(t => (JsonNode)new JsonObject
            {
                ["contract"] = t.Contract,
                ["symbol"] = t.Symbol,
                ["name"] = t.Name,
                ["decimals"] = t.Decimals,
                ["from"] = t.From,
                ["to"] = t.To,
                ["amount"] = t.RawAmount.ToString(CultureInfo.InvariantCulture),
                ["amountText"] = t.AmountText,
            })]),
            ["explorerUrl"] = f.ExplorerUrl,
        })]),
        ["notFound"] = new JsonArray([.. lookup.NotFoundOn.Select(n => (JsonNode)n)]),
        ["unreachable"] = Unreachable(lookup.Unreachable),
    }.ToJsonString(Options);

    public static string Write(AddressLookup lookup) => new JsonObject
    {
        ["query"] = lookup.Address,
        ["kind"] = "address",
        ["networks"] = new JsonArray([.. lookup.Networks.Select(n => (JsonNode)new JsonObject
        {
            ["network"] = n.Network,
            ["isContract"] = n.IsContract,
            ["balance"] = n.Balance.ToString(CultureInfo.InvariantCulture),
            ["balanceText"] = n.BalanceText,
            ["transactionCount"] = n.TransactionCount,
            ["tokens"] = new JsonArray([.. n.Tokens.Select(t => (JsonNode)new JsonObject
            {
                ["contract"] = t.Contract,
                ["symbol"] = t.Symbol,
                ["decimals"] = t.Decimals,
                ["amount"] = t.RawAmount.ToString(CultureInfo.InvariantCulture),
                ["amountText"] = t.AmountText,
                ["listed"] = t.Listed,
            })]),
            ["recentIncomingTransfers"] = n.RecentIncomingTransfers,
            ["transfersChecked"] = n.TransfersChecked,
            ["hasActivity"] = n.HasActivity,
            ["explorerUrl"] = n.ExplorerUrl,
        })]),
        ["unreachable"] = Unreachable(lookup.Unreachable),
    }.ToJsonString(Options);

    public static string WriteProblem(string query, LookupQuery parsed, string explanation) => new JsonObject
    {
        ["query"] = SecretGuard.Scan(query).RedactedText, // a key pasted as a query is not printed back
        ["kind"] = JsonNamingPolicy.KebabCaseLower.ConvertName(parsed.Kind.ToString()),
        ["error"] = explanation,
    }.ToJsonString(Options);

    private static JsonArray Unreachable(IReadOnlyList<NetworkFailure> failures) =>
        new([.. failures.Select(u => (JsonNode)new JsonObject { ["network"] = u.Network, ["reason"] = u.Reason })]);
}
