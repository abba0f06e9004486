using System.Numerics;
using System.Text;
using System.Text.Json;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>A JSON-RPC error answer, surfaced by <see cref="AnvilRpc.SendAsync"/>.</summary>
public sealed class AnvilRpcException(string method, int code, string rpcMessage, string? data)
    : Exception($"{method} failed: {code} {rpcMessage}{(data is null ? "" : " " + data)}")
{
    public string Method { get; } = method;

    public int Code { get; } = code;

    public string RpcMessage { get; } = rpcMessage;

    /// <summary>The error's <c>data</c> (e.g. revert data), raw JSON; null when absent.</summary>
    public string? ErrorData { get; } = data;
}

/// <summary>The result of <see cref="AnvilRpc.DeployAsync"/>: the creation transaction and the new contract.</summary>
public sealed record Deployment(string TxHash, string ContractAddress);

/// <summary>
/// A small JSON-RPC client for TEST SETUP against anvil (the product has its own client under test).
/// anvil's dev accounts are unlocked, so <c>eth_sendTransaction</c> needs no signing.
/// </summary>
public sealed class AnvilRpc : IDisposable
{
    /// <summary>anvil dev account 0, holding 10,000 ETH on a fresh node.</summary>
    public const string Account0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    /// <summary>anvil dev account 1: native coin, but none of the tokens account 0 deploys.</summary>
    public const string Account1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    /// <summary>Gas for a transaction that is meant to revert: an explicit limit skips estimation.</summary>
    public const long RevertingGasLimit = 100_000;

    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient http;
    private int nextId;

    public AnvilRpc(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        Url = url;
        http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    /// <summary>Sends one request; returns its <c>result</c> (possibly JSON null) or throws <see cref="AnvilRpcException"/>.</summary>
    public async Task<JsonElement> SendAsync(string method, params object?[] parameters)
    {
        var id = Interlocked.Increment(ref nextId);
        var body = JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method, @params = parameters });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(Url, content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method}: HTTP {(int)response.StatusCode} {text}");
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            var data = error.TryGetProperty("data", out var d) ? d.GetRawText() : null;
            throw new AnvilRpcException(method, error.GetProperty("code").GetInt32(),
                error.GetProperty("message").GetString() ?? "", data);
        }

        return root.GetProperty("result").Clone();
    }

    public async Task<long> ChainIdAsync() => (long)Hex.ParseQuantity((await SendAsync("eth_chainId")).GetString()!);

    public async Task<long> BlockNumberAsync() => (long)Hex.ParseQuantity((await SendAsync("eth_blockNumber")).GetString()!);

    public async Task<BigInteger> BalanceAsync(string address) =>
        Hex.ParseQuantity((await SendAsync("eth_getBalance", address, "latest")).GetString()!);

    /// <summary>
    /// <c>eth_sendTransaction</c> from an unlocked dev account; returns the transaction hash. <paramref name="to"/> null
    /// creates a contract from <paramref name="data"/>; <paramref name="gas"/> null lets anvil choose.
    /// </summary>
    public async Task<string> SendTransactionAsync(string from, string? to, BigInteger valueWei, string? data = null, long? gas = null)
    {
        var transaction = new Dictionary<string, string> { ["from"] = from, ["value"] = Hex.Quantity(valueWei) };
        if (to is not null)
        {
            transaction["to"] = to;
        }

        if (data is not null)
        {
            transaction["data"] = data;
        }

        if (gas is { } limit)
        {
            transaction["gas"] = Hex.Quantity(limit);
        }

        return (await SendAsync("eth_sendTransaction", transaction)).GetString()!;
    }

    /// <summary>Deploys creation code from account 0 and waits for the receipt (automine must be on).</summary>
    public async Task<Deployment> DeployAsync(string creationCode)
    {
        var hash = await SendTransactionAsync(Account0, null, BigInteger.Zero, creationCode);
        var receipt = await WaitForReceiptAsync(hash);
        RequireStatus(receipt, hash, "0x1");
        var address = receipt.GetProperty("contractAddress").GetString()
            ?? throw new InvalidOperationException($"Deployment {hash} has no contractAddress in its receipt.");
        return new Deployment(hash, address);
    }

    /// <summary>Sends <c>transfer(to, amount)</c> to a token; returns the transaction hash.</summary>
    public Task<string> TransferTokenAsync(string token, string to, BigInteger amount, string from = Account0, long? gas = null) =>
        SendTransactionAsync(from, token, BigInteger.Zero, Abi.Transfer(to, amount), gas);

    /// <summary>
    /// Mines a transaction that reverts: a token transfer from account 1, which holds none of the token.
    /// An explicit gas limit keeps it from being refused at estimation. Returns the hash; its receipt has status 0x0.
    /// </summary>
    public async Task<string> SendRevertingTransferAsync(string token, string to, BigInteger amount)
    {
        var hash = await TransferTokenAsync(token, to, amount, Account1, RevertingGasLimit);
        RequireStatus(await WaitForReceiptAsync(hash), hash, "0x0");
        return hash;
    }

    /// <summary><c>eth_call</c> against the latest block; returns the output hex.</summary>
    public async Task<string> CallAsync(string to, string data) =>
        (await SendAsync("eth_call", new Dictionary<string, string> { ["to"] = to, ["data"] = data }, "latest")).GetString()!;

    /// <summary><c>evm_setAutomine</c>: false leaves new transactions pending until <see cref="MineAsync"/>.</summary>
    public Task SetAutomineAsync(bool enabled) => SendAsync("evm_setAutomine", enabled);

    /// <summary><c>evm_mine</c>: mines one block with whatever is pending.</summary>
    public Task MineAsync() => SendAsync("evm_mine");

    /// <summary>The receipt, or null while the transaction is pending or unknown.</summary>
    public async Task<JsonElement?> GetReceiptAsync(string hash) => NullToNone(await SendAsync("eth_getTransactionReceipt", hash));

    /// <summary>The transaction, or null when this node does not know it.</summary>
    public async Task<JsonElement?> GetTransactionAsync(string hash) => NullToNone(await SendAsync("eth_getTransactionByHash", hash));

    /// <summary>Polls for a receipt; anvil's automine usually has it at once.</summary>
    public async Task<JsonElement> WaitForReceiptAsync(string hash)
    {
        var started = TestClock.Instance.GetTimestamp();
        while (true)
        {
            if (await GetReceiptAsync(hash) is { } receipt)
            {
                return receipt;
            }

            if (TestClock.Instance.GetElapsedTime(started) > ReceiptTimeout)
            {
                throw new TimeoutException($"No receipt for {hash} at {Url} after {ReceiptTimeout} (is automine off?).");
            }

            await Task.Delay(20);
        }
    }

    public void Dispose() => http.Dispose();

    private static JsonElement? NullToNone(JsonElement result) => result.ValueKind == JsonValueKind.Null ? null : result;

    private static void RequireStatus(JsonElement receipt, string hash, string expected)
    {
        var status = receipt.GetProperty("status").GetString();
        if (status != expected)
        {
            throw new InvalidOperationException($"Transaction {hash} has status {status}, expected {expected}.");
        }
    }
}
