using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SupportBot.Core.Tickets;
using SupportBot.Discord.Gateway;
using SupportBot.Discord.Interactions;
using SupportBot.Discord.Tests.Gateway;
using SupportBot.Discord.Tests.Interactions;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>
/// The ticket relay and <c>/ticket</c> over both ways Discord reaches the bot: our gateway client against the fake
/// gateway (thread messages, DMs, interactions), and the signed HTTP interactions endpoint. Both run one implementation.
/// </summary>
public sealed class DiscordTicketPathsTests : IAsyncLifetime
{
    private TicketRig rig = null!;

    public async Task InitializeAsync() => rig = await TicketRig.StartAsync();

    public async Task DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task Gateway_StaffInTheThreadAndUserByDm_RelayedBothWays_ClaimByInteraction()
    {
        await using var gateway = await FakeDiscordGateway.StartAsync(new FakeGatewayOptions { DefaultWaitTimeout = TimeSpan.FromSeconds(20) });
        var client = new DiscordGatewayClient(new GatewayClientOptions
        {
            Token = gateway.Token,
            Intents = GatewayIntents.ForSupportBot(messageContent: true),
            GatewayUrl = gateway.Url,
            ReconnectDelay = () => TimeSpan.Zero,
            IdentifyWindow = TimeSpan.Zero,
        }, rig.Bot, TestClock.Instance, NullLogger<DiscordGatewayClient>.Instance);
        using var stop = new CancellationTokenSource();
        var run = client.RunAsync(stop.Token);
        await gateway.WaitUntilAsync(() => client.IsReady, "ready");
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());

        rig.Fake.AddUserMessage(thread, 9001, 666, "Which wallet did you use?");
        gateway.SendDispatch("MESSAGE_CREATE", TicketRig.ThreadMessage(thread, TicketRig.Staff, "Which wallet did you use?", "9001", TicketRig.StaffRole));
        await rig.Fake.WaitForAsync(_ => rig.DmsToUser().Any(t => t.Contains("Which wallet did you use?", StringComparison.Ordinal)), TimeSpan.FromSeconds(20));
        gateway.SendDispatch("MESSAGE_CREATE", TicketRig.DmMessage("MetaMask on my phone", "9002"));
        await rig.Fake.WaitForAsync(_ => rig.TextsIn(thread).Any(t => t.Contains("MetaMask on my phone", StringComparison.Ordinal)), TimeSpan.FromSeconds(20));
        gateway.SendDispatch("INTERACTION_CREATE", TicketRig.TicketCommand("claim", thread, TicketRig.Staff, [TicketRig.StaffRole]));
        await rig.Fake.WaitForAsync(r => r.Any(x => x.Route == FakeRoute.EditOriginalResponse), TimeSpan.FromSeconds(20));

        Assert.Contains("claimed by Bob", TicketRig.Plain((string?)rig.Fake.RequestsTo(FakeRoute.EditOriginalResponse).Single().Json!["content"]), StringComparison.Ordinal);
        Assert.Equal(TicketState.Claimed, (await rig.Store.GetAsync(1, CancellationToken.None))!.State);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task HttpEndpoint_StaffClaims_DeferredInlineThenReplied_NonStaffRefusedInline()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TestClock.Instance);
        builder.Services.AddSingleton<IInteractionHandler>(rig.Bot);
        await using var app = builder.Build();
        app.MapDiscordInteractions("/discord/interactions", TestSigner.Rfc8032.PublicKeyHex);
        await app.StartAsync();
        var endpoint = new Uri(new Uri(app.Urls.First()), "/discord/interactions");
        var thread = TicketRig.ThreadOf(await rig.OpenAsync());
        using var http = new HttpClient();

        using var refused = await http.SendAsync(Signed(endpoint, TicketRig.TicketCommand("close", thread, TicketRig.Member, [TicketRig.OtherRole], "spam")));
        using var claimed = await http.SendAsync(Signed(endpoint, TicketRig.TicketCommand("claim", thread, TicketRig.Staff, [TicketRig.StaffRole])));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusal = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(4, refusal["type"]!.GetValue<int>());
        Assert.Equal(64, refusal["data"]!["flags"]!.GetValue<int>() & 64);
        Assert.Contains("Only members of the support team role", TicketRig.Plain((string?)refusal["data"]!["content"]), StringComparison.Ordinal);
        Assert.Equal(5, JsonNode.Parse(await claimed.Content.ReadAsStringAsync())!["type"]!.GetValue<int>());
        await rig.Fake.WaitForAsync(r => r.Any(x => x.Route == FakeRoute.EditOriginalResponse), TimeSpan.FromSeconds(20));
        Assert.Contains("claimed by Bob", TicketRig.Plain((string?)rig.Fake.RequestsTo(FakeRoute.EditOriginalResponse).Single().Json!["content"]), StringComparison.Ordinal);
        Assert.Empty(rig.Fake.RequestsTo(FakeRoute.InteractionCallback));
        Assert.Empty(rig.Fake.RequestsTo(FakeRoute.ModifyChannel));
        Assert.Equal(TicketState.Claimed, (await rig.Store.GetAsync(1, CancellationToken.None))!.State);
        await app.StopAsync();
    }

    private static HttpRequestMessage Signed(Uri endpoint, JsonObject interaction)
    {
        var body = interaction.ToJsonString();
        var timestamp = TestClock.Instance.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(DiscordInteractionsEndpoint.SignatureHeader, TestSigner.Rfc8032.Sign(timestamp, body));
        request.Headers.Add(DiscordInteractionsEndpoint.TimestampHeader, timestamp);
        return request;
    }
}
