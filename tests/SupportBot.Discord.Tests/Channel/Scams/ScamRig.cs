using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Chain;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Lookup;
using SupportBot.Core.Scams;
using SupportBot.Core.Triage;
using SupportBot.Discord.Channel;
using SupportBot.Discord.Gateway;
using SupportBot.Discord.Interactions;
using SupportBot.Discord.Tests.Gateway;
using SupportBot.Discord.Tests.Interactions;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.Channel.Scams;

/// <summary>A member of the test server as Discord describes them: user, server nickname, roles.</summary>
internal sealed record Person(string Id, string Username, string? GlobalName = null, string? Nick = null, params string[] Roles)
{
    public JsonObject User() => new() { ["id"] = Id, ["username"] = Username, ["global_name"] = GlobalName, ["discriminator"] = "0" };

    public JsonObject Member() => new()
    {
        ["roles"] = new JsonArray([.. Roles.Select(r => (JsonNode)r)]),
        ["nick"] = Nick,
        ["joined_at"] = "2029-11-02T10:00:00.000000+00:00",
        ["deaf"] = false,
        ["mute"] = false,
        ["flags"] = 0,
    };
}

/// <summary>
/// The scam defence end to end: our gateway client against the fake gateway (identifying with MESSAGE_CONTENT and,
/// unless told otherwise, GUILD_MEMBERS), the bot with <see cref="DiscordScams"/> over a real <see cref="ScamGuard"/>
/// (the shipped phishing list, policies bound from configuration), every REST call to the fake REST API (which checks
/// bodies against Discord's OpenAPI document), and optionally the HTTP interactions endpoint. The server "BNB Chain
/// Help" (900) arrives in a GUILD_CREATE with its roles, owner, threads and staff.
/// </summary>
internal sealed class ScamRig : IAsyncDisposable
{
    public const string Guild = "900";
    public const string OtherGuild = "950";
    public const ulong General = 410;
    public const ulong ModLog = 420;
    public const ulong OtherGeneral = 951;
    public const ulong OtherModLog = 960;
    public const ulong Welcome = 405;
    public const ulong TicketChannel = 700;
    public const ulong TicketThread = 701;
    public const ulong DmChannel = 400;
    public const string ModeratorsRole = "810";
    public const string TimeoutsRole = "811";
    public const string HelpersRole = "812";
    public const string TeamRole = "813";
    public const string BotName = "SupportBot";
    public const string InteractionsPath = "/discord/interactions";

    public static readonly ContentCatalog Content = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));

    public static readonly Person Dmitry = new("555", "dmitry_k", "Dmitry K");
    public static readonly Person Olya = new("556", "olya.crypto", "Оля 🌸");
    public static readonly Person Staff = new("666", "sasha_mod", "Sasha", "Alexandra Petrova", ModeratorsRole);
    public static readonly Person TimeoutMod = new("667", "kostya", "Костя", null, TimeoutsRole);
    public static readonly Person Owner = new("901", "founder_max", "Max");
    public static readonly Person Helper = new("777", "helper_bee", "Bee", null, HelpersRole);
    public static readonly Person TeamMember = new("778", "team_ivan", "Ivan", null, TeamRole);

    private static readonly Lazy<(PhishingList List, LinkRules Rules)> Lists = new(() =>
    (
        PhishingList.Load(Path.Combine(AppContext.BaseDirectory, "content", LinkRules.SnapshotFileName)),
        LinkRules.Load(Path.Combine(AppContext.BaseDirectory, "content", LinkRules.FileName))
    ));

    private static int nextId = 70_000;

    private readonly CancellationTokenSource stop = new();
    private readonly List<string> errors = [];
    private readonly ServiceProvider services;
    private Task run = Task.CompletedTask;
    private WebApplication? app;
    private int settled;

    private ScamRig(FakeDiscordGateway gateway, RestHarness rest, ServiceProvider services, FakeTimeProvider clock)
    {
        Gateway = gateway;
        Rest = rest;
        this.services = services;
        Clock = clock;
    }

    public FakeDiscordGateway Gateway { get; }

    public RestHarness Rest { get; }

    public FakeDiscordRest Fake => Rest.Fake;

    /// <summary>The bot's clock: stands still, so a timeout's end is exactly now + the policy's duration.</summary>
    public FakeTimeProvider Clock { get; }

    public DiscordBot Bot { get; private set; } = null!;

    public DiscordGatewayClient Client { get; private set; } = null!;

    /// <summary>The HTTP interactions endpoint, when started.</summary>
    public Uri? Endpoint { get; private set; }

    /// <summary>
    /// Starts the rig. <paramref name="settings"/> adds to the configuration (Scams:…, Chain:…); the default policy logs
    /// to <see cref="ModLog"/>, and the other server (950) logs only, to <see cref="OtherModLog"/>.
    /// </summary>
    public static async Task<ScamRig> StartAsync(IEnumerable<KeyValuePair<string, string?>>? settings = null, bool guildMembersIntent = true, bool http = false)
    {
        var clock = new FakeTimeProvider(TestClock.Epoch);
        var gateway = await FakeDiscordGateway.StartAsync(new FakeGatewayOptions { TimeProvider = clock, DefaultWaitTimeout = TimeSpan.FromSeconds(20), BotUsername = BotName });
        var rest = await RestHarness.StartAsync();
        var configured = new Dictionary<string, string?>
        {
            ["Scams:Defaults:ModLog"] = ModLog.ToString(CultureInfo.InvariantCulture),
            [$"Scams:Communities:Discord:{OtherGuild}:ModLog"] = OtherModLog.ToString(CultureInfo.InvariantCulture),
            [$"Scams:Communities:Discord:{OtherGuild}:LinkActions"] = "Log",
            [$"Scams:Communities:Discord:{OtherGuild}:FakeSupport"] = "false",
        };
        foreach (var (key, value) in settings ?? [])
        {
            configured[key] = value;
        }

        var collection = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configured).Build())
            .AddSingleton(Content)
            .AddSingleton<TimeProvider>(TestClock.Instance)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        collection.AddOptions<ScamOptions>().BindConfiguration(ScamOptions.Section);
        if (configured.ContainsKey("Chain:Networks:0"))
        {
            collection.AddChainLookup();
        }

        var rig = new ScamRig(gateway, rest, collection.BuildServiceProvider(), clock);
        try
        {
            await rig.StartBotAsync(guildMembersIntent, http);
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    private async Task StartBotAsync(bool guildMembersIntent, bool http)
    {
        var lookup = services.GetService<IChainLookup>();
        var allowed = new AllowedDomains(new InMemoryAllowedDomainStore());
        var scanner = new LinkScanner(new PhishingListHolder(Lists.Value.List), Lists.Value.Rules, allowed);
        var guard = new ScamGuard(Content, new ScamPeopleChecks(Content), scanner, allowed, services.GetRequiredService<IOptionsMonitor<ScamOptions>>(),
            Clock, NullLogger<ScamGuard>.Instance, lookup);
        var discord = Options.Create(new DiscordOptions
        {
            Token = Fake.Token, ApiBaseUrl = Fake.ApiBaseUrl, MessageContentIntent = true, GuildMembersIntent = guildMembersIntent,
            TicketChannelId = TicketChannel, StaffRoleId = ulong.Parse(TeamRole, CultureInfo.InvariantCulture),
        });
        var engine = new ConversationEngine(Content, new TriageService(Content), new InMemoryConversationStore(Clock), Options.Create(new ConversationOptions()),
            Clock, NullLogger<ConversationEngine>.Instance, lookup, scams: guard);
        var scams = new DiscordScams(guard, Rest.Rest, Content, discord, Clock, NullLogger<DiscordScams>.Instance);
        Bot = new DiscordBot(engine, Rest.Rest, Content, NullLogger<DiscordBot>.Instance, lookup, scams: scams);
        Client = new DiscordGatewayClient(new GatewayClientOptions
        {
            Token = Gateway.Token,
            Intents = GatewayIntents.ForSupportBot(messageContent: true, guildMembers: guildMembersIntent),
            GatewayUrl = Gateway.Url,
            ReconnectDelay = () => TimeSpan.Zero,
            IdentifyWindow = TimeSpan.Zero,
        }, Bot, Clock, new ErrorLogger<DiscordGatewayClient>(errors));
        run = Client.RunAsync(stop.Token);
        await Eventually.UntilAsync(() => Client.IsReady, "ready", TimeSpan.FromSeconds(20));
        Gateway.SendDispatch("GUILD_CREATE", GuildCreate());
        Gateway.SendDispatch("GUILD_CREATE", OtherGuildCreate());

        if (http)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(TestClock.Instance);
            builder.Services.AddSingleton<IInteractionHandler>(Bot);
            app = builder.Build();
            app.MapDiscordInteractions(InteractionsPath, TestSigner.Rfc8032.PublicKeyHex);
            await app.StartAsync();
            Endpoint = new Uri(new Uri(app.Urls.First()), InteractionsPath);
        }

        await SettleAsync();
    }

    /// <summary>The server as GUILD_CREATE brings it: roles with their permissions, the owner, channels, a ticket thread, a moderator.</summary>
    public static JsonObject GuildCreate() => new()
    {
        ["id"] = Guild,
        ["name"] = "BNB Chain Help",
        ["owner_id"] = Owner.Id,
        ["system_channel_id"] = Welcome.ToString(CultureInfo.InvariantCulture),
        ["unavailable"] = false,
        ["member_count"] = 4,
        ["roles"] = new JsonArray(
            Role(Guild, "@everyone", "3072"),
            Role(ModeratorsRole, "Moderators", "8192"),
            Role(TimeoutsRole, "Timeouts", (1UL << 40).ToString(CultureInfo.InvariantCulture)),
            Role(HelpersRole, "Helpers", "3072"),
            Role(TeamRole, "Support team", "0")),
        ["channels"] = new JsonArray(
            Channel(General, "general"), Channel(ModLog, "mod-log"), Channel(Welcome, "welcome"), Channel(TicketChannel, "tickets")),
        ["threads"] = new JsonArray(new JsonObject
        {
            ["id"] = TicketThread.ToString(CultureInfo.InvariantCulture), ["type"] = 12, ["guild_id"] = Guild,
            ["parent_id"] = TicketChannel.ToString(CultureInfo.InvariantCulture), ["name"] = "ticket-12",
        }),
        ["members"] = new JsonArray(WithUser(Staff)),
    };

    private static JsonObject OtherGuildCreate() => new()
    {
        ["id"] = OtherGuild,
        ["name"] = "Крипто чат",
        ["owner_id"] = "952",
        ["roles"] = new JsonArray(Role(OtherGuild, "@everyone", "3072")),
        ["channels"] = new JsonArray(Channel(OtherGeneral, "общий"), Channel(OtherModLog, "модерация")),
        ["threads"] = new JsonArray(),
        ["members"] = new JsonArray(),
    };

    public static JsonObject Role(string id, string name, string permissions) => new()
    {
        ["id"] = id, ["name"] = name, ["permissions"] = permissions, ["position"] = 0, ["color"] = 0, ["hoist"] = false, ["managed"] = false, ["mentionable"] = false,
    };

    private static JsonObject Channel(ulong id, string name) => new() { ["id"] = id.ToString(CultureInfo.InvariantCulture), ["type"] = 0, ["name"] = name };

    private static JsonObject WithUser(Person person)
    {
        var member = person.Member();
        member["user"] = person.User();
        return member;
    }

    /// <summary>
    /// A member writes in a server channel: the message exists at "Discord" (so it can be deleted) and arrives as
    /// MESSAGE_CREATE with the author and their member object. Returns the message id.
    /// </summary>
    public ulong Write(Person author, string text, ulong channel = General, string guild = Guild)
    {
        var id = (ulong)Interlocked.Increment(ref nextId);
        Fake.AddUserMessage(channel, id, ulong.Parse(author.Id, CultureInfo.InvariantCulture), text);
        Gateway.SendDispatch("MESSAGE_CREATE", Message(author, text, id, channel, guild));
        return id;
    }

    public static JsonObject Message(Person author, string text, ulong id, ulong channel = General, string guild = Guild) => new()
    {
        ["id"] = id.ToString(CultureInfo.InvariantCulture),
        ["type"] = 0,
        ["channel_id"] = channel.ToString(CultureInfo.InvariantCulture),
        ["guild_id"] = guild,
        ["author"] = author.User(),
        ["member"] = author.Member(),
        ["content"] = text,
        ["timestamp"] = "2030-01-15T12:00:00.000000+00:00",
        ["edited_timestamp"] = null,
        ["tts"] = false,
        ["mention_everyone"] = false,
        ["mentions"] = new JsonArray(),
        ["mention_roles"] = new JsonArray(),
        ["attachments"] = new JsonArray(),
        ["embeds"] = new JsonArray(),
        ["pinned"] = false,
    };

    /// <summary>A member joins: GUILD_MEMBER_ADD (delivered only with the GUILD_MEMBERS intent).</summary>
    public void Join(Person person)
    {
        var member = WithUser(person);
        member["guild_id"] = Guild;
        Gateway.SendDispatch("GUILD_MEMBER_ADD", member);
    }

    /// <summary>
    /// Waits until the bot has handled every event sent so far: events are handled in order, so once a DM sent now is
    /// answered, everything before it is done.
    /// </summary>
    public async Task SettleAsync()
    {
        var before = Fake.MessagesIn(DmChannel).Count;
        var id = 90_000 + Interlocked.Increment(ref settled);
        Gateway.SendDispatch("MESSAGE_CREATE", FakeDiscordGateway.DmMessage("hi", id.ToString(CultureInfo.InvariantCulture)));
        await Fake.WaitForAsync(_ => Fake.MessagesIn(DmChannel).Count > before, TimeSpan.FromSeconds(20));
    }

    /// <summary>An interaction as Discord sends it, in the server (with the member and their resolved permissions) or in a DM.</summary>
    public static JsonObject Interaction(int type, JsonObject data, Person who, string? permissions = "3072", string locale = "en-US", bool inGuild = true,
        JsonObject? message = null)
    {
        var id = Interlocked.Increment(ref nextId);
        var interaction = new JsonObject
        {
            ["id"] = id.ToString(CultureInfo.InvariantCulture),
            ["application_id"] = "200",
            ["type"] = type,
            ["token"] = "scam-tok-" + id,
            ["version"] = 1,
            ["locale"] = locale,
            ["data"] = data,
            ["context"] = inGuild ? 0 : 1,
        };
        if (inGuild)
        {
            var member = WithUser(who);
            member["permissions"] = permissions;
            interaction["guild_id"] = Guild;
            interaction["guild_locale"] = "en-US";
            interaction["channel_id"] = (message is null ? General : ModLog).ToString(CultureInfo.InvariantCulture);
            interaction["member"] = member;
        }
        else
        {
            interaction["channel_id"] = DmChannel.ToString(CultureInfo.InvariantCulture);
            interaction["user"] = who.User();
        }

        if (message is not null)
        {
            interaction["message"] = message;
        }

        return interaction;
    }

    /// <summary><c>/check query</c> as an APPLICATION_COMMAND interaction.</summary>
    public static JsonObject Check(string query, Person who, string locale = "en-US", bool inGuild = true) =>
        Interaction(2, new JsonObject
        {
            ["id"] = "3001", ["name"] = "check", ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = "query", ["type"] = 3, ["value"] = query }),
        }, who, locale: locale, inGuild: inGuild);

    /// <summary>Sends an interaction over the gateway and waits for its first response.</summary>
    public async Task<JsonObject> InteractAsync(JsonObject interaction)
    {
        var token = (string)interaction["token"]!;
        Gateway.SendDispatch("INTERACTION_CREATE", interaction);
        await Fake.WaitForAsync(_ => Fake.InteractionState(token).Response is not null, TimeSpan.FromSeconds(20));
        return Fake.InteractionState(token).Response!;
    }

    /// <summary>
    /// Waits until the original response of an interaction has been edited, and returns the edit's content (over HTTP
    /// the fake never saw the deferral, so the edit as sent is what counts).
    /// </summary>
    public async Task<string> EditedOriginalAsync(string token, TimeSpan? timeout = null)
    {
        bool Edit(FakeRestRequest r) => r.Route == FakeRoute.EditOriginalResponse && r.Path.Contains("/" + token + "/", StringComparison.Ordinal);
        await Fake.WaitForAsync(requests => requests.Any(Edit), timeout ?? TimeSpan.FromSeconds(30));
        return (string)Fake.Requests.Last(Edit).Json!["content"]!;
    }

    /// <summary>Posts an interaction to the HTTP endpoint, signed as Discord signs it; returns the response Discord would get.</summary>
    public async Task<JsonObject> PostAsync(JsonObject interaction)
    {
        using var http = new HttpClient();
        var body = interaction.ToJsonString();
        var timestamp = TestClock.Instance.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(DiscordInteractionsEndpoint.SignatureHeader, TestSigner.Rfc8032.Sign(timestamp, body));
        request.Headers.Add(DiscordInteractionsEndpoint.TimestampHeader, timestamp);
        using var answer = await http.SendAsync(request);
        answer.EnsureSuccessStatusCode();
        return JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>The messages the bot posted in a channel (not the members' own), oldest first.</summary>
    public IReadOnlyList<JsonObject> BotMessagesIn(ulong channel) =>
        [.. Fake.MessagesIn(channel).Where(m => m["author"]?["bot"]?.GetValue<bool>() == true)];

    /// <summary>The texts of the bot's messages in a channel, markdown escapes removed.</summary>
    public IReadOnlyList<string> TextsIn(ulong channel) => [.. BotMessagesIn(channel).Select(m => TicketRig.Plain((string?)m["content"]))];

    /// <summary>Whether the message was deleted through the API (and the delete succeeded).</summary>
    public bool Deleted(ulong messageId) =>
        Fake.RequestsTo(FakeRoute.DeleteMessage).Any(r => r.Status == 204 && r.Path.EndsWith("/messages/" + messageId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

    /// <summary>The "not a scam" buttons under a message: (custom_id, label, style).</summary>
    public static IReadOnlyList<(string CustomId, string Label, int Style)> Buttons(JsonObject message) =>
        [.. (message["components"] as JsonArray ?? []).SelectMany(row => row!["components"]!.AsArray())
            .Select(b => ((string)b!["custom_id"]!, (string)b["label"]!, (int)b["style"]!))];

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
        }

        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        stop.Dispose();
        await services.DisposeAsync();
        await Gateway.DisposeAsync();
        await Rest.DisposeAsync();
        lock (errors)
        {
            // A handler that threw is a failure even when the test's own checks passed.
            Assert.Empty(errors);
        }
    }

    /// <summary>Collects what the gateway client logs as errors: an exception from the bot's handler.</summary>
    private sealed class ErrorLogger<T>(List<string> errors) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (errors)
                {
                    errors.Add(formatter(state, exception) + " " + exception);
                }
            }
        }
    }
}
