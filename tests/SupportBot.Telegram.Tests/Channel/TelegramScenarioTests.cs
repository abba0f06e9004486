using System.Numerics;
using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Telegram.Tests.Channel;

/// <summary>Each scenario completed in a private chat by pressing buttons and typing a hash, with lookups on a real node.</summary>
public sealed class TelegramScenarioTests : IAsyncLifetime
{
    private const long User = 4242;

    private FakeBotApi api = null!;
    private AnvilNode node = null!;

    public async Task InitializeAsync()
    {
        api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, DefaultWaitTimeout = TimeSpan.FromSeconds(20) });
        node = await AnvilNode.StartAsync(56);
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        await node.DisposeAsync();
    }

    private Task<TelegramBotHarness> StartBotAsync() => TelegramBotHarness.StartAsync(api, settings: new Dictionary<string, string?>
    {
        ["Chain:Endpoints:bsc:0"] = node.Url.ToString(),
    });

    /// <summary>The message the user is looking at now: the last one sent or edited in the chat.</summary>
    private (int MessageId, string Text, IReadOnlyList<InlineButton> Buttons) Current()
    {
        var sent = api.SentMessages(User)[^1];
        var edit = api.Edits.LastOrDefault(e => e.ChatId == User && e.Method == "editMessageText");
        return edit is not null && edit.EditedAt > sent.SentAt
            ? (edit.MessageId, edit.PlainText!, [.. edit.InlineKeyboard.SelectMany(r => r)])
            : (sent.MessageId, sent.PlainText, [.. sent.Buttons]);
    }

    private async Task PressAsync(string label)
    {
        var (messageId, _, buttons) = Current();
        var button = buttons.Single(b => b.Text.Contains(label, StringComparison.Ordinal));
        var before = api.Calls.Count;
        api.EnqueueCallbackQuery(User, User, messageId, button.CallbackData!);
        await api.WaitUntilAsync(() => api.Calls.Skip(before).Any(c => c.Method is "editMessageText" or "sendMessage"));
    }

    [RealNodeFact]
    public async Task ExchangeWithdrawal_ByButtons_ToBep20Advice()
    {
        await using var bot = await StartBotAsync();
        api.EnqueueUserMessage(User, User, "/start");
        await api.WaitForMessagesAsync(User, 1);

        await PressAsync("Binance ↔ MetaMask");
        await PressAsync("From the exchange to my MetaMask");
        await PressAsync("Binance (binance.com)");
        await PressAsync("BNB Smart Chain (BEP20)");

        var (_, text, buttons) = Current();
        Assert.Contains("Leave the memo/tag field empty", text, StringComparison.Ordinal);
        Assert.Contains(buttons, b => b.Url == "https://www.binance.com/en/support/faq/115003670492");
    }

    [RealNodeFact]
    public async Task CrossChain_ByButtons_ToOfficialBridges()
    {
        await using var bot = await StartBotAsync();
        api.EnqueueUserMessage(User, User, "/start");
        await api.WaitForMessagesAsync(User, 1);

        await PressAsync("Move funds between BSC");
        await PressAsync("from BNB Smart Chain to another network");
        await PressAsync("Arbitrum One");

        var (_, text, buttons) = Current();
        Assert.Contains("Fake bridge sites are common", text, StringComparison.Ordinal);
        // Arbitrum's own bridge connects it to Ethereum, not to BSC: BNB Chain's page of routes is offered instead.
        Assert.DoesNotContain(buttons, b => b.Url == "https://bridge.arbitrum.io");
        Assert.Contains(buttons, b => b.Url == "https://www.bnbchain.org/en/bnb-chain-bridge");
    }

    [RealNodeFact]
    public async Task MissingTokens_ButtonsThenTypedHash_LookedUpOnTheNode()
    {
        using var rpc = new AnvilRpc(node.Url);
        var hash = await rpc.SendTransactionAsync(AnvilRpc.Account0, "0x7e57000000000000000000000000000000000042", BigInteger.Pow(10, 18));
        await using var bot = await StartBotAsync();
        api.EnqueueUserMessage(User, User, "/start");
        await api.WaitForMessagesAsync(User, 1);

        await PressAsync("don't see them");
        await PressAsync("I don't know");
        var before = api.SentMessages(User).Count;
        api.EnqueueUserMessage(User, User, $"here it is {hash}");
        var replies = await api.WaitForMessagesAsync(User, before + 1);

        var report = string.Join("\n", replies.Skip(before).Select(m => m.PlainText));
        Assert.Contains("Found on BNB Smart Chain", report, StringComparison.Ordinal);
        Assert.Contains("1 BNB", report, StringComparison.Ordinal);
        Assert.Contains($"https://bscscan.com/tx/{hash}", report, StringComparison.Ordinal);
    }
}
