using System.Globalization;
using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel.Scams;

/// <summary>
/// <c>/check</c> for anyone, in a server (only the asker sees the answer) and in DMs, over the gateway and the HTTP
/// endpoint: a deferral, then the guard's answer edited into the original response, in the asker's language.
/// </summary>
public sealed class DiscordCheckCommandTests : IAsyncLifetime
{
    private ScamRig rig = null!;

    public async Task InitializeAsync() => rig = await ScamRig.StartAsync(http: true);

    public async Task DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public void Ready_CheckRegisteredForServersAndDms_WithARequiredQuery()
    {
        var check = rig.Fake.GlobalCommands.Single(c => (string?)c!["name"] == "check")!;

        Assert.Equal("[0,1]", check["contexts"]!.ToJsonString());
        Assert.Equal("[0]", check["integration_types"]!.ToJsonString());
        Assert.Null(check["default_member_permissions"]?.GetValue<string>());
        var query = check["options"]!.AsArray().Single()!;
        Assert.Equal(("query", 3, true), ((string)query["name"]!, (int)query["type"]!, (bool)query["required"]!));
        Assert.Contains("мошенническ", (string?)check["description_localizations"]!["ru"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task InAServer_DeferredEphemerally_ThenTheVerdict()
    {
        var interaction = ScamRig.Check("rnetamask.io/login", ScamRig.Dmitry);

        var response = await rig.InteractAsync(interaction);

        Assert.Equal(5, (int)response["type"]!);
        Assert.Equal(64, (int)response["data"]!["flags"]!);
        var answer = await rig.EditedOriginalAsync((string)interaction["token"]!);
        Assert.Contains("`rnetamask.io` imitates `metamask.io`", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InADm_InRussian()
    {
        var interaction = ScamRig.Check("https://metamask-verify.org/restore это норм сайт?", ScamRig.Olya, "ru", inGuild: false);

        var response = await rig.InteractAsync(interaction);

        Assert.Equal(5, (int)response["type"]!);
        Assert.Null(response["data"]);
        var answer = await rig.EditedOriginalAsync((string)interaction["token"]!);
        Assert.Contains("`metamask-verify.org`", answer, StringComparison.Ordinal);
        Assert.Contains("фишинг", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OverHttp_OfficialDomain_TheDeferralIsTheAnswerToThePost()
    {
        var interaction = ScamRig.Check("support.metamask.io", ScamRig.Dmitry);

        var response = await rig.PostAsync(interaction);

        Assert.Equal(5, (int)response["type"]!);
        var answer = await rig.EditedOriginalAsync((string)interaction["token"]!);
        Assert.Contains("`support.metamask.io` is an official domain", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.Fake.RequestsTo(FakeRoute.InteractionCallback), r => r.Path.Contains((string)interaction["token"]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotAScamButtonOverHttp_UpdateMessageIsTheAnswerToThePost()
    {
        rig.Write(ScamRig.Dmitry, "claim here pls https://metamask-verify.org/claim");
        await rig.Fake.WaitForAsync(_ => rig.BotMessagesIn(ScamRig.ModLog).Count > 0, TimeSpan.FromSeconds(20));
        var log = rig.BotMessagesIn(ScamRig.ModLog).Single();

        var response = await rig.PostAsync(ScamRig.Interaction(3, new System.Text.Json.Nodes.JsonObject { ["custom_id"] = "scam:ok:metamask-verify.org", ["component_type"] = 2 },
            ScamRig.Staff, "8192", message: log));

        Assert.Equal(7, (int)response["type"]!);
        Assert.Contains("marked as not a scam by Alexandra Petrova", TicketRig.Plain((string?)response["data"]!["content"]), StringComparison.Ordinal);
        Assert.Empty(response["data"]!["components"]!.AsArray());
    }
}

/// <summary><c>/check</c> of a token contract, a wallet and a transfer of the scam's fake USDT, on real anvil nodes.</summary>
public sealed class DiscordCheckOnChainTests(FakeTokenChains chains) : IClassFixture<FakeTokenChains>
{
    private Task<ScamRig> StartAsync() => ScamRig.StartAsync(
    [
        new("Chain:Networks:0", "bsc"),
        new("Chain:Networks:1", "ethereum"),
        new("Chain:Endpoints:bsc:0", chains.Bsc.Url.ToString()),
        new("Chain:Endpoints:ethereum:0", chains.Ethereum.Url.ToString()),
        new("Chain:Tokens:bsc:0:Contract", chains.KnownUsdt.Contract),
        new("Chain:Tokens:bsc:0:Symbol", chains.KnownUsdt.Symbol),
        new("Chain:Tokens:bsc:0:Decimals", chains.KnownUsdt.Decimals.ToString(CultureInfo.InvariantCulture)),
    ], http: true);

    [RealNodeFact]
    public async Task FakeUsdtContract_OverTheGateway_CalledAFake()
    {
        await using var rig = await StartAsync();
        var interaction = ScamRig.Check($"is this token legit?? https://bscscan.com/token/{chains.FakeUsdt.Token}", ScamRig.Dmitry);

        await rig.InteractAsync(interaction);

        var answer = await rig.EditedOriginalAsync((string)interaction["token"]!);
        Assert.Contains("**BNB Smart Chain**: a token contract that calls itself **USDT** — a **fake**", answer, StringComparison.Ordinal);
        Assert.Contains("No code and no activity on Ethereum", answer, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task WalletHoldingTheFake_OverHttp_WalletAndTheFakeCalledOut()
    {
        await using var rig = await StartAsync();
        var interaction = ScamRig.Check(FakeTokenChains.OnlyFakeHolder, ScamRig.Olya, inGuild: false);

        Assert.Equal(5, (int)(await rig.PostAsync(interaction))["type"]!);

        var answer = await rig.EditedOriginalAsync((string)interaction["token"]!);
        Assert.Contains("**BNB Smart Chain**: a **wallet**", answer, StringComparison.Ordinal);
        Assert.Contains("calls itself **USDT**", answer, StringComparison.Ordinal);
    }

    [RealNodeFact]
    public async Task FakeUsdtTransfer_InRussian_FoundAndWarned()
    {
        await using var rig = await StartAsync();
        var interaction = ScamRig.Check($"мне пришли usdt, а продать не могу https://bscscan.com/tx/{chains.FakeOnlyHash}", ScamRig.Olya, "ru");

        await rig.InteractAsync(interaction);

        var answer = await rig.EditedOriginalAsync((string)interaction["token"]!);
        Assert.Contains("BNB Smart Chain", answer, StringComparison.Ordinal);
        Assert.Contains("называет себя **USDT**", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("импортируйте", answer, StringComparison.OrdinalIgnoreCase);
    }
}
