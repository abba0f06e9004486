using System.Numerics;
using System.Text;
using System.Text.Json;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>Proves <see cref="MultiChainFixture"/> made what it says, talking raw JSON-RPC to the nodes.</summary>
public sealed class FixtureSmokeTests(MultiChainFixture fixture) : IClassFixture<MultiChainFixture>, IDisposable
{
    private const string TransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [RealNodeTheory]
    [InlineData(56, "0x38")]
    [InlineData(1, "0x1")]
    [InlineData(137, "0x89")]
    public async Task Each_node_reports_its_chain_id(long chainId, string expected)
    {
        var result = await RawAsync(fixture.Node(chainId).Url, "eth_chainId", "[]");

        Assert.Equal(expected, result.GetString());
    }

    [RealNodeFact]
    public async Task Native_transfer_is_mined_on_56_and_unknown_on_1_and_137()
    {
        var transfer = fixture.NativeTransfer;

        var receipt = await RawAsync(fixture.Bsc.Url, "eth_getTransactionReceipt", $"""["{transfer.Hash}"]""");
        Assert.Equal("0x1", receipt.GetProperty("status").GetString());
        Assert.Equal(transfer.To, receipt.GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Null, (await RawAsync(fixture.Ethereum.Url, "eth_getTransactionByHash", $"""["{transfer.Hash}"]""")).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await RawAsync(fixture.Polygon.Url, "eth_getTransactionByHash", $"""["{transfer.Hash}"]""")).ValueKind);
    }

    [RealNodeFact]
    public async Task Same_token_address_answers_per_chain_decimals()
    {
        // Both are the first deployment of account 0 on their node, hence at the same address.
        Assert.Equal(fixture.Usd6.Token, fixture.Usd18.Token);

        Assert.Equal(6, Abi.DecodeUint(await CallAsync(fixture.Ethereum.Url, fixture.Usd6.Token, Abi.DecimalsSelector)));
        Assert.Equal(18, Abi.DecodeUint(await CallAsync(fixture.Bsc.Url, fixture.Usd18.Token, Abi.DecimalsSelector)));
    }

    [RealNodeFact]
    public async Task Token_transfer_receipt_carries_a_Transfer_log()
    {
        var transfer = fixture.Usd18;

        var receipt = await RawAsync(fixture.Bsc.Url, "eth_getTransactionReceipt", $"""["{transfer.Hash}"]""");

        var log = Assert.Single(receipt.GetProperty("logs").EnumerateArray());
        Assert.Equal(transfer.Token, log.GetProperty("address").GetString(), StringComparer.OrdinalIgnoreCase);
        var topics = log.GetProperty("topics").EnumerateArray().Select(t => t.GetString()!).ToArray();
        string[] expected = [TransferTopic, "0x" + Abi.AddressWord(transfer.From), "0x" + Abi.AddressWord(transfer.Recipient)];
        Assert.Equal(expected, topics);
        Assert.Equal(transfer.Amount, Abi.DecodeUint(log.GetProperty("data").GetString()!));
    }

    [RealNodeFact]
    public async Task Odd_metadata_tokens_answer_as_documented()
    {
        var bytes32 = await CallAsync(fixture.Polygon.Url, fixture.Bytes32Symbol.Token, Abi.SymbolSelector);
        Assert.Equal("0x" + Convert.ToHexStringLower(Encoding.ASCII.GetBytes("MKR32")).PadRight(64, '0'), bytes32);

        Assert.Equal(0, Abi.DecodeUint(await CallAsync(fixture.Polygon.Url, fixture.ZeroDecimals.Token, Abi.DecimalsSelector)));

        // A call to a function the contract lacks reverts: anvil answers with a JSON-RPC error (code 3), not "0x".
        var error = await Assert.ThrowsAsync<AnvilRpcException>(
            () => fixture.Rpc(56).CallAsync(fixture.NoMetadata.Token, Abi.SymbolSelector));
        Assert.Equal(3, error.Code);
    }

    [RealNodeFact]
    public async Task Contract_creation_receipt_names_the_contract()
    {
        var creation = fixture.ContractCreation;

        var receipt = await RawAsync(fixture.Bsc.Url, "eth_getTransactionReceipt", $"""["{creation.Hash}"]""");
        var transaction = await RawAsync(fixture.Bsc.Url, "eth_getTransactionByHash", $"""["{creation.Hash}"]""");

        Assert.Equal(creation.ContractAddress, receipt.GetProperty("contractAddress").GetString());
        Assert.Equal(JsonValueKind.Null, transaction.GetProperty("to").ValueKind);
    }

    [RealNodeFact]
    public async Task Failed_transaction_is_mined_with_status_0()
    {
        var receipt = await RawAsync(fixture.Polygon.Url, "eth_getTransactionReceipt", $"""["{fixture.FailedTransaction.Hash}"]""");

        Assert.Equal("0x0", receipt.GetProperty("status").GetString());
        Assert.Empty(receipt.GetProperty("logs").EnumerateArray());
    }

    [RealNodeFact]
    public async Task Pending_transaction_has_no_receipt_and_no_block()
    {
        var hash = fixture.PendingTransaction.Hash;

        var receipt = await RawAsync(fixture.Polygon.Url, "eth_getTransactionReceipt", $"""["{hash}"]""");
        var transaction = await RawAsync(fixture.Polygon.Url, "eth_getTransactionByHash", $"""["{hash}"]""");

        Assert.Equal(JsonValueKind.Null, receipt.ValueKind);
        Assert.Equal(hash, transaction.GetProperty("hash").GetString());
        Assert.Equal(JsonValueKind.Null, transaction.GetProperty("blockNumber").ValueKind);
        Assert.Equal(JsonValueKind.Null, transaction.GetProperty("blockHash").ValueKind);
    }

    [RealNodeFact]
    public async Task Two_chain_address_has_balance_on_56_and_1_only()
    {
        var address = fixture.AddressOnTwoChains.Address;

        Assert.Equal(2 * BigInteger.Pow(10, 18), await fixture.Rpc(56).BalanceAsync(address));
        Assert.Equal(3 * BigInteger.Pow(10, 18), await fixture.Rpc(1).BalanceAsync(address));
        Assert.Equal(BigInteger.Zero, await fixture.Rpc(137).BalanceAsync(address));
        Assert.Equal([1L, 56L], fixture.AddressOnTwoChains.TransferHashByChain.Keys.Order());
    }

    public void Dispose() => http.Dispose();

    private async Task<string> CallAsync(Uri node, string to, string data)
    {
        var result = await RawAsync(node, "eth_call", $$"""[{"to":"{{to}}","data":"{{data}}"},"latest"]""");
        return result.GetString()!;
    }

    private async Task<JsonElement> RawAsync(Uri node, string method, string paramsJson)
    {
        var body = $$"""{"jsonrpc":"2.0","id":7,"method":"{{method}}","params":{{paramsJson}}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(node, content);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(document.RootElement.TryGetProperty("error", out var error), $"{method} failed: {error}");
        return document.RootElement.GetProperty("result").Clone();
    }
}
