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
}
