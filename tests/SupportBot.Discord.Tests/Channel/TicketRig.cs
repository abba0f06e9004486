using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Tickets;
using SupportBot.Core.Triage;
using SupportBot.Discord.Channel;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>
/// The Discord ticket path as the host composes it: the real desk (in-memory stores, a clock moved by hand), the
/// Discord ticket channel and the bot, every Discord call over HTTP to the fake REST API. Builds the gateway payloads
/// (thread messages with the author's member roles, DMs, <c>/ticket</c> interactions) Discord would send.
/// </summary>
internal sealed class TicketRig : IAsyncDisposable
{
    public const ulong TicketChannel = 700;
    public const ulong LogChannel = 710;
    public const string StaffRole = "800";
    public const string OtherRole = "801";
    public const string User = "555";
    public const string Staff = "666";
    public const string Member = "777";

    /// <summary>The DM channel the user writes to the bot in.</summary>
    public const ulong UserDm = 450;

    public static readonly ContentCatalog Content = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));

    private static int nextId = 5000;

    private TicketRig(RestHarness rest, FakeTimeProvider clock, TicketDesk desk, InMemoryTicketStore store, DiscordBot bot)
    {
        Rest = rest;
        Clock = clock;
        Desk = desk;
        Store = store;
        Bot = bot;
    }

    public RestHarness Rest { get; }

    public FakeDiscordRest Fake => Rest.Fake;

    public FakeTimeProvider Clock { get; }

    public TicketDesk Desk { get; }

    public InMemoryTicketStore Store { get; }

    public DiscordBot Bot { get; }

    /// <summary>What the conversations recorded for the figures.</summary>
    public InMemoryConversationEvents Events { get; private init; } = null!;

    /// <summary>The user presses a button of a message the bot sent to their DMs (a component interaction, as Discord sends it).</summary>
    public Task PressInDmAsync(string customId, string user = User)
    {
        var id = Interlocked.Increment(ref nextId);
        return Bot.OnInteractionAsync(Element(new JsonObject
        {
            ["id"] = id.ToString(CultureInfo.InvariantCulture),
            ["application_id"] = Fake.ApplicationId.ToString(CultureInfo.InvariantCulture),
            ["type"] = 3,
            ["token"] = "dm-" + id,
            ["version"] = 1,
            ["locale"] = "en-US",
            ["channel_id"] = UserDm.ToString(CultureInfo.InvariantCulture),
            ["user"] = new JsonObject { ["id"] = user, ["username"] = "alice", ["global_name"] = "Alice" },
            ["data"] = new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 },
        }), CancellationToken.None);
    }

    /// <summary>Whether any message the bot sent or edited carries a button with this custom id.</summary>
    public bool Offered(string customId) => Fake.Requests.Any(r => r.Json is { } json && json.ToJsonString().Contains($"\"custom_id\":\"{customId}\"", StringComparison.Ordinal));

    /// <summary>Every text the bot sent anywhere (messages, interaction responses, edits), as people read it.</summary>
    public IReadOnlyList<string> AllTexts() =>
        [.. Fake.Requests.Select(r => r.Json?["content"] ?? r.Json?["data"]?["content"]).Where(c => c is not null).Select(c => Plain((string?)c))];

    public static async Task<TicketRig> StartAsync(bool logChannel = true)
    {
        var rest = await RestHarness.StartAsync();
        var clock = new FakeTimeProvider(TestClock.Epoch);
        var discord = new DiscordOptions
        {
            Token = rest.Fake.Token, ApiBaseUrl = rest.Fake.ApiBaseUrl, MessageContentIntent = true,
            TicketChannelId = TicketChannel, StaffRoleId = ulong.Parse(StaffRole, CultureInfo.InvariantCulture), TicketLogChannelId = logChannel ? LogChannel : null,
        };
        var ticketOptions = Options.Create(new TicketOptions());
        var place = new DiscordTicketChannel(rest.Rest, Options.Create(discord), ticketOptions, Content, NullLogger<DiscordTicketChannel>.Instance);
        var store = new InMemoryTicketStore(clock);
        var desk = new TicketDesk(store, new InMemoryTicketMessages(), [place], Content, ticketOptions, clock, NullLogger<TicketDesk>.Instance);
        var events = new InMemoryConversationEvents();
        var engine = new ConversationEngine(Content, new TriageService(Content), new InMemoryConversationStore(clock), Options.Create(new ConversationOptions()),
            clock, NullLogger<ConversationEngine>.Instance, events: events, desk: desk);
        var tickets = new DiscordTickets(desk, place, rest.Rest, Content, NullLogger<DiscordTickets>.Instance);
        var bot = new DiscordBot(engine, rest.Rest, Content, NullLogger<DiscordBot>.Instance, tickets: tickets)
        {
            ApplicationId = rest.Fake.ApplicationId, BotUserId = rest.Fake.BotUserId,
        };
        return new TicketRig(rest, clock, desk, store, bot) { Events = events };
    }

    /// <summary>Opens a ticket as the conversation does once the user has filled in the form.</summary>
    public Task<TicketOpening> OpenAsync(string user = User, string what = "I withdrew 250 USDT from Binance on BEP20 and it never arrived",
        string? context = "Scenario: exchange withdrawal; the user checked the network and the address.") =>
        Desk.OpenAsync(new TicketRequest("discord/" + user, "discord", user, new TicketForm(what, "bsc", "0x" + new string('a', 64)), "en", context),
            CancellationToken.None);

    /// <summary>The thread of the ticket (its place).</summary>
    public static ulong ThreadOf(TicketOpening opening) => ulong.Parse(opening.Ticket!.Place!, CultureInfo.InvariantCulture);

    /// <summary>A message written in a guild channel (a ticket thread), with the author's member object as MESSAGE_CREATE carries it.</summary>
    public async Task<string> WriteInThreadAsync(ulong thread, string author, string text, params string[] roles)
    {
        var id = NextId();
        Fake.AddUserMessage(thread, ulong.Parse(id, CultureInfo.InvariantCulture), ulong.Parse(author, CultureInfo.InvariantCulture), text);
        await Bot.OnDispatchAsync("MESSAGE_CREATE", Element(ThreadMessage(thread, author, text, id, roles)), CancellationToken.None);
        return id;
    }

    public static JsonObject ThreadMessage(ulong thread, string author, string text, string id, params string[] roles) => new()
    {
        ["id"] = id,
        ["type"] = 0,
        ["channel_id"] = thread.ToString(CultureInfo.InvariantCulture),
        ["guild_id"] = "900",
        ["author"] = new JsonObject { ["id"] = author, ["username"] = "member" + author, ["global_name"] = author == Staff ? "Bob" : null },
        ["member"] = new JsonObject { ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r)]), ["nick"] = null },
        ["content"] = text,
    };

    /// <summary>A DM from the user to the bot.</summary>
    public async Task<string> DmAsync(string text, string user = User)
    {
        var id = NextId();
        await Bot.OnDispatchAsync("MESSAGE_CREATE", Element(DmMessage(text, id, user)), CancellationToken.None);
        return id;
    }

    public static JsonObject DmMessage(string text, string id, string user = User) => new()
    {
        ["id"] = id,
        ["type"] = 0,
        ["channel_id"] = UserDm.ToString(CultureInfo.InvariantCulture),
        ["author"] = new JsonObject { ["id"] = user, ["username"] = "alice", ["global_name"] = "Alice" },
        ["content"] = text,
    };

    /// <summary>A <c>/ticket</c> interaction as Discord sends it: the subcommand as the first option, the member with their roles.</summary>
    public static JsonObject TicketCommand(string subcommand, ulong channel, string member, string[] roles, string? reason = null, int? id = null)
    {
        var sub = new JsonObject { ["name"] = subcommand, ["type"] = 1 };
        if (reason is not null)
        {
            sub["options"] = new JsonArray(new JsonObject { ["name"] = "reason", ["type"] = 3, ["value"] = reason });
        }

        var interactionId = id ?? Interlocked.Increment(ref nextId);
        return new JsonObject
        {
            ["id"] = interactionId.ToString(CultureInfo.InvariantCulture),
            ["application_id"] = "200",
            ["type"] = 2,
            ["token"] = "tok-" + interactionId,
            ["version"] = 1,
            ["locale"] = "en-US",
            ["guild_id"] = "900",
            ["channel_id"] = channel.ToString(CultureInfo.InvariantCulture),
            ["member"] = new JsonObject
            {
                ["user"] = new JsonObject { ["id"] = member, ["username"] = "member" + member, ["global_name"] = member == Staff ? "Bob" : null },
                ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r)]),
                ["permissions"] = "0",
            },
            ["data"] = new JsonObject { ["id"] = "1", ["name"] = "ticket", ["type"] = 1, ["options"] = new JsonArray(sub) },
        };
    }

    public Task CommandAsync(string subcommand, ulong channel, string member = Staff, string? reason = null, params string[] roles) =>
        Bot.OnDispatchAsync("INTERACTION_CREATE", Element(TicketCommand(subcommand, channel, member, roles.Length == 0 && member == Staff ? [StaffRole] : roles, reason)),
            CancellationToken.None);

    /// <summary>The texts of the messages in a channel that exist now, as people read them (markdown escapes removed).</summary>
    public IReadOnlyList<string> TextsIn(ulong channel) => [.. Fake.MessagesIn(channel).Select(m => Plain((string)m["content"]!))];

    /// <summary>A message's content as Discord shows it: <c>\#1</c> reads <c>#1</c>.</summary>
    public static string Plain(string? markdown) => Regex.Replace(markdown ?? "", @"\\([\\*_~`|>#\[\]()@])", "$1");

    /// <summary>The texts the bot sent to the user's own DM channel (the one it opened).</summary>
    public IReadOnlyList<string> DmsToUser(string user = User) =>
        Fake.DmChannelOf(ulong.Parse(user, CultureInfo.InvariantCulture)) is { } dm ? TextsIn(dm) : [];

    public static JsonElement Element(JsonObject json) => JsonDocument.Parse(json.ToJsonString()).RootElement;

    private static string NextId() => Interlocked.Increment(ref nextId).ToString(CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => Rest.DisposeAsync();
}
