using SupportBot.Chain.JsonRpc;

namespace SupportBot.Chain.Tests.Evm;

public sealed class JsonRpcErrorTests
{
    [Theory]
    [InlineData(-32005, "limit exceeded", true)]
    [InlineData(429, "Too Many Requests", true)]
    [InlineData(-32000, "rate limit reached, try again later", true)]
    [InlineData(-32603, "Internal error: server is overloaded", true)]
    [InlineData(-32000, "execution reverted", false)]
    [InlineData(-32601, "the method eth_foo does not exist/is not available", false)]
    [InlineData(-32602, "invalid argument 0: hex string has length 2, want 64 for common.Hash", false)]
    public void IsTransient_ByCodeAndMessage(long code, string message, bool transient) =>
        Assert.Equal(transient, new JsonRpcError(code, message).IsTransient);

    [Theory]
    [InlineData(-32005, "query returned more than 10000 results. Try with this block range [0x1, 0x2].", true)]
    [InlineData(-32000, "exceed maximum block range: 5000", true)]
    [InlineData(-32602, "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range", true)]
    [InlineData(-32000, "block range is too wide", true)]
    [InlineData(-32005, "limit exceeded", false)]
    [InlineData(429, "Too Many Requests", false)]
    [InlineData(-32601, "the method eth_getLogs does not exist/is not available", false)]
    public void IsRangeLimit_ProvidersWordingsOfLogRangeLimits(long code, string message, bool range) =>
        Assert.Equal(range, new JsonRpcError(code, message).IsRangeLimit);
}
