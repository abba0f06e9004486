using SupportBot.Chain.Lookup;

namespace SupportBot.Chain.Tests.Lookup;

public sealed class TransferLogSearchTests
{
    [Theory]
    [InlineData("exceed maximum block range: 5000", 5013L, 5000L)]
    [InlineData("eth_getLogs is limited to a 10,000 range", 20_000L, 10_000L)]
    [InlineData("You can make eth_getLogs requests with up to a 2K block range", 5000L, 2000L)]
    [InlineData("query returned more than 10000 results. Try with this block range [0x10, 0x4f].", 5000L, 64L)]
    [InlineData("query returned more than 10000 results", 5000L, null)] // no size below the refused one: halve instead
    [InlineData("block range is too wide", 5000L, null)]
    public void SuggestedSize_FromProviderMessages(string message, long refused, long? expected) =>
        Assert.Equal(expected, TransferLogSearch.SuggestedSize(message, refused));
}
