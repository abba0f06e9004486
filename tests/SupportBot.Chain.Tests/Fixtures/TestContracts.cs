using System.Numerics;
using System.Text.Json;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>
/// Creation code of the test tokens in <c>Contracts/*.sol</c>, read from the committed
/// <c>Contracts/TestContracts.json</c> (regenerate it with <c>node Contracts/compile.js</c>; tests never compile).
/// </summary>
public static class TestContracts
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Bytecode = new(Load);

    /// <summary><c>StandardToken(name, symbol, decimals, supply)</c>: the supply goes to the deployer.</summary>
    public static string StandardToken(string name, string symbol, byte decimals, BigInteger supply) =>
        CreationCode("StandardToken")
        + Abi.Encode(AbiValue.Text(name), AbiValue.Text(symbol), AbiValue.Uint(decimals), AbiValue.Uint(supply));

    /// <summary>name() = bytes32 "Maker Style", symbol() = bytes32 "MKR32", decimals 18, supply 1,000,000 tokens.</summary>
    public static string Bytes32Token => CreationCode("Bytes32Token");

    /// <summary>transfer and Transfer, no name/symbol/decimals (calls revert); supply 1,000,000 × 10^18 units.</summary>
    public static string NoMetadataToken => CreationCode("NoMetadataToken");

    /// <summary>name "Zero Decimals", symbol "ZERO", decimals 0, supply 1,000,000.</summary>
    public static string OddDecimalsToken => CreationCode("OddDecimalsToken");

    public static string CreationCode(string contractName) =>
        Bytecode.Value.TryGetValue(contractName, out var code)
            ? code
            : throw new ArgumentException($"No contract {contractName} in TestContracts.json.", nameof(contractName));

    private static Dictionary<string, string> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Contracts", "TestContracts.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("contracts").EnumerateObject()
            .ToDictionary(c => c.Name, c => c.Value.GetProperty("bytecode").GetString()!);
    }
}
