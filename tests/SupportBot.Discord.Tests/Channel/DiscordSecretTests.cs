using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Triage;
using SupportBot.Discord.Channel;
using SupportBot.Discord.Gateway;
using SupportBot.Discord.Tests.Gateway;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>
/// Secrets that arrive other than as a new message: a message edited into a phrase or a key (MESSAGE_UPDATE, with
/// the message-content intent on), and a forwarded message. Our gateway client against the fake gateway, the bot,
/// and every answer over the fake REST.
/// </summary>
public sealed class DiscordSecretTests : IAsyncLifetime
{
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    private const string Key = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaf784d7bf4f2ff80"; // Hardhat's published key #0
    private const ulong ServerChannel = 401;
    private const ulong DmChannel = 400;
    private const ulong Author = 500;

    private static readonly ContentCatalog Content = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));

    // Nothing here waits on the clock: heartbeats never fall due, which these tests do not need.
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource stop = new();
    private FakeDiscordGateway gateway = null!;
    private RestHarness rest = null!;
    private Task run = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        gateway = await FakeDiscordGateway.StartAsync(new FakeGatewayOptions { TimeProvider = time, DefaultWaitTimeout = TimeSpan.FromSeconds(20) });
        rest = await RestHarness.StartAsync();
        var engine = new ConversationEngine(Content, new TriageService(Content), new InMemoryConversationStore(time),
            Options.Create(new ConversationOptions()), time, NullLogger<ConversationEngine>.Instance);
        var bot = new DiscordBot(engine, rest.Rest, Content, NullLogger<DiscordBot>.Instance);
        var client = new DiscordGatewayClient(new GatewayClientOptions
        {
            Token = gateway.Token,
            Intents = GatewayIntents.ForSupportBot(messageContent: true),
            GatewayUrl = gateway.Url,
            ReconnectDelay = () => TimeSpan.Zero,
            IdentifyWindow = TimeSpan.Zero,
        }, bot, time, NullLogger<DiscordGatewayClient>.Instance);
        run = client.RunAsync(stop.Token);
        await Eventually.UntilAsync(() => client.IsReady, "ready", TimeSpan.FromSeconds(20));
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
        await gateway.DisposeAsync();
        await rest.DisposeAsync();
    }

    [Fact]
    public async Task ServerMessageEditedIntoAPhrase_DeletedWarnedWithoutItAndByDm()
    {
        rest.Fake.AddUserMessage(ServerChannel, 7101, Author, "how do I restore my wallet?");
        gateway.SendDispatch("MESSAGE_CREATE", ServerMessage("7101", "how do I restore my wallet?"));

        gateway.SendDispatch("MESSAGE_UPDATE", ServerMessage("7101", $"how do I restore my wallet? {Phrase}"));
        await rest.Fake.WaitForAsync(r => r.Count(x => x.Route == FakeRoute.CreateMessage) >= 2, TimeSpan.FromSeconds(20));

        Assert.Single(rest.Fake.RequestsTo(FakeRoute.DeleteMessage));
        Assert.Contains(Sent(), m => m.Contains("\\@u, I deleted your message", StringComparison.Ordinal));
        Assert.Contains(Sent(), m => m.Contains("compromised", StringComparison.Ordinal)); // the DM
        Assert.All(Sent(), m => Assert.DoesNotContain("sausage", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DmEditedIntoAKeyNamedAfterIt_WarnedAndKeyNeverEchoed()
    {
        gateway.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("I sent tokens but don't see them", "7201"));
        await rest.Fake.WaitForAsync(r => r.Any(x => x.Route == FakeRoute.CreateMessage), TimeSpan.FromSeconds(20));

        gateway.SendDispatch("MESSAGE_UPDATE", FakeDiscordGateway.DmMessage($"0x{Key} <- that is my private key", "7201"));
        await rest.Fake.WaitForAsync(r => r.Count(x => x.Route == FakeRoute.CreateMessage) >= 2, TimeSpan.FromSeconds(20));

        Assert.Contains("looks like a private key", Sent()[1], StringComparison.Ordinal);
        Assert.All(Sent(), m => Assert.DoesNotContain(Key[..12], m, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task EditsWithoutSecretOrPartial_Ignored()
    {
        gateway.SendDispatch("MESSAGE_UPDATE", ServerMessage("7301", "my tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 is stuck"));
        gateway.SendDispatch("MESSAGE_UPDATE", new JsonObject { ["id"] = "7302", ["channel_id"] = "401", ["guild_id"] = "600", ["embeds"] = new JsonArray() });
        var partialAuthor = ServerMessage("7303", Phrase);
        partialAuthor.Remove("author");
        gateway.SendDispatch("MESSAGE_UPDATE", partialAuthor);

        // A marker after them: once it is answered, the updates before it were handled (in order) and left alone.
        gateway.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("hi", "7304"));
        await rest.Fake.WaitForAsync(r => r.Any(x => x.Route == FakeRoute.CreateMessage), TimeSpan.FromSeconds(20));

        Assert.Empty(rest.Fake.RequestsTo(FakeRoute.DeleteMessage));
        Assert.Single(Sent());
    }

    [Fact]
    public async Task ForwardedPhraseInServer_DeletedAndWarned()
    {
        rest.Fake.AddUserMessage(ServerChannel, 7401, Author, "");
        var forward = ServerMessage("7401", "");
        forward["message_reference"] = new JsonObject { ["type"] = 1, ["channel_id"] = "402", ["message_id"] = "7000" };
        forward["message_snapshots"] = new JsonArray(new JsonObject { ["message"] = new JsonObject { ["type"] = 0, ["content"] = Phrase } });

        gateway.SendDispatch("MESSAGE_CREATE", forward);
        await rest.Fake.WaitForAsync(r => r.Any(x => x.Route == FakeRoute.DeleteMessage), TimeSpan.FromSeconds(20));
        await rest.Fake.WaitForAsync(r => r.Any(x => x.Route == FakeRoute.CreateMessage), TimeSpan.FromSeconds(20));

        Assert.Contains(Sent(), m => m.Contains("I deleted your message", StringComparison.Ordinal));
    }

    /// <summary>A server message as it arrives with the message-content intent on.</summary>
    private static JsonObject ServerMessage(string id, string content) => new()
    {
        ["id"] = id,
        ["channel_id"] = "401",
        ["guild_id"] = "600",
        ["author"] = new JsonObject { ["id"] = "500", ["username"] = "u" },
        ["content"] = content,
        ["type"] = 0,
    };

    private IReadOnlyList<string> Sent() =>
        [.. rest.Fake.RequestsTo(FakeRoute.CreateMessage).Select(r => r.Json!["content"]!.GetValue<string>())];
}
