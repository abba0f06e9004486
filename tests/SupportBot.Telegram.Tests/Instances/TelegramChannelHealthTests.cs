using Microsoft.Extensions.DependencyInjection;
using SupportBot.Core.Channels;
using SupportBot.Telegram.Tests.Channel;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Telegram.Tests.Instances;

/// <summary>What the Telegram channel tells the readiness probe.</summary>
public sealed class TelegramChannelHealthTests : IAsyncLifetime
{
    private FakeBotApi api = null!;

    public async Task InitializeAsync() =>
        api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, DefaultWaitTimeout = TimeSpan.FromSeconds(20) });

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task Check_Polling_ReadyUntilTelegramRejectsTheToken_ThenReadyOnceItAcceptsItAgain()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api);
        var health = bot.Services.GetServices<IChannelHealth>().Single(h => h.Channel == "telegram");
        await api.WaitUntilAsync(() => health.Check().Description == "polling");
        Assert.True(health.Check().Ready);

        api.InjectError("getUpdates", 401, "Unauthorized");
        await api.WaitUntilAsync(() => !health.Check().Ready);
        Assert.Contains("rejects the token", health.Check().Description, StringComparison.Ordinal);

        await api.WaitUntilAsync(() => health.Check().Ready); // the injected refusal was once only
        Assert.Equal("polling", health.Check().Description);
    }

    [Fact]
    public async Task Check_Webhook_ReadyOnceTheWebhookIsSet()
    {
        await using var bot = await TelegramBotHarness.StartAsync(api, webhookSecret: "webhook-secret-for-tests");

        var state = bot.Services.GetServices<IChannelHealth>().Single(h => h.Channel == "telegram").Check();

        Assert.Equal((true, "webhook set"), (state.Ready, state.Description));
        Assert.NotNull(api.WebhookUrl);
    }
}
