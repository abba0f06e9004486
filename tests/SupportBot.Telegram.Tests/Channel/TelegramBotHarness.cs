using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SupportBot.Chain;
using SupportBot.Core.Channels;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Scams;
using SupportBot.Core.Tickets;
using SupportBot.Core.Triage;
using SupportBot.Storage.Redis;
using SupportBot.Storage.Sqlite;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Telegram.Tests.Channel;

/// <summary>
/// The real Telegram channel and engine, composed as the host composes them, talking HTTP to the fake Bot API.
/// With a database file, conversation state, the update inbox, the outbound log and tickets live in SQLite, so a "restart" is a second
/// harness over the same file. With a Redis connection every store is on Redis, and several harnesses are several instances.
/// </summary>
internal sealed class TelegramBotHarness : IAsyncDisposable
{
    public const string Token = "123456:TEST-token-for-the-fake-bot-api";

    public static ContentCatalog Content { get; } = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));

    /// <summary>The phishing list snapshot that ships in content/, read once for all tests.</summary>
    private static readonly Lazy<PhishingList> ShippedPhishingList = new(() => PhishingList.Load(Path.Combine(AppContext.BaseDirectory, "content", LinkRules.SnapshotFileName)));

    private static readonly Lazy<LinkRules> ShippedLinkRules = new(() => LinkRules.Load(Path.Combine(AppContext.BaseDirectory, "content", LinkRules.FileName)));

    private readonly IHost host;
    private readonly WebApplication? web;

    private TelegramBotHarness(IHost host, WebApplication? web, Uri? webhookUrl)
    {
        this.host = host;
        this.web = web;
        WebhookUrl = webhookUrl;
    }

    public IServiceProvider Services => host.Services;

    /// <summary>Where the webhook endpoint listens (webhook mode only).</summary>
    public Uri? WebhookUrl { get; }

    /// <summary>Starts the bot; <paramref name="time"/> is its clock, the test clock unless a test moves time by hand.</summary>
    public static async Task<TelegramBotHarness> StartAsync(FakeBotApi api, string? database = null, string? webhookSecret = null,
        IDictionary<string, string?>? settings = null, TimeProvider? time = null, RedisConnection? redis = null)
    {
        time ??= TestClock.Instance;
        var config = new Dictionary<string, string?>
        {
            ["Telegram:Token"] = Token,
            ["Telegram:ApiBaseUrl"] = api.Url.ToString(),
            ["Telegram:PollTimeoutSeconds"] = "1",
            ["Telegram:Mode"] = webhookSecret is null ? "Polling" : "Webhook",
            ["Telegram:WebhookUrl"] = "https://bot.example/telegram/webhook",
            ["Telegram:WebhookSecret"] = webhookSecret,
            // Lookups reach a port that refuses at once: moderator lookups answer "could not check", never the internet.
            ["Chain:Networks:0"] = "bsc",
            ["Chain:Endpoints:bsc:0"] = "http://127.0.0.1:9",
            ["Chain:Retries"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        if (webhookSecret is null)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(config);
            Compose(builder.Services, builder.Logging, database, redis, config, time);
            var polling = builder.Build();
            await polling.StartAsync();
            return new TelegramBotHarness(polling, null, null);
        }

        var webBuilder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        webBuilder.Configuration.AddInMemoryCollection(config);
        webBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        Compose(webBuilder.Services, webBuilder.Logging, database, redis, config, time);
        var app = webBuilder.Build();
        app.MapTelegramWebhook();
        await app.StartAsync();
        var url = new Uri(app.Urls.First() + "/telegram/webhook");
        return new TelegramBotHarness(app, app, url);
    }

    private static void Compose(IServiceCollection services, ILoggingBuilder logging, string? database, RedisConnection? redis,
        Dictionary<string, string?> config, TimeProvider time)
    {
        logging.SetMinimumLevel(LogLevel.Warning);
        // A call still in flight when the bot stops is waited for this long, then cut off (a test's "kill").
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        services.AddSingleton(Content);
        services.AddSingleton(time);
        services.AddSingleton<TriageService>();
        services.AddOptions<ConversationOptions>();
        services.AddSingleton<ConversationEngine>();
        if (redis is not null)
        {
            // One instance of several sharing a Redis, as with Storage:Provider=redis.
            services.AddSingleton<IConversationStore>(new RedisConversationStore(redis, time));
            services.AddSingleton<IUpdateInbox>(new RedisUpdateInbox(redis, time));
            services.AddSingleton<IOutboundLog>(new RedisOutboundLog(redis));
            services.AddSingleton<ITicketStore>(new RedisTicketStore(redis, time));
            services.AddSingleton<ITicketMessages>(new RedisTicketMessages(redis));
            services.AddSingleton<IConversationEvents>(new RedisConversationEvents(redis));
            services.AddSingleton<ILeaseStore>(new RedisLeaseStore(redis, time));
            services.AddSingleton<ISendBudget>(new RedisSendBudget(redis, time));
        }
        else if (database is null)
        {
            services.AddSingleton<IConversationStore>(sp => new InMemoryConversationStore(time));
            services.AddSingleton<IUpdateInbox>(sp => new InMemoryUpdateInbox(time));
            services.AddSingleton<IOutboundLog>(sp => new InMemoryOutboundLog(sp.GetRequiredService<IUpdateInbox>()));
            services.AddSingleton<ITicketStore>(sp => new InMemoryTicketStore(time));
            services.AddSingleton<ITicketMessages>(sp => new InMemoryTicketMessages());
            services.AddSingleton<IConversationEvents>(sp => new InMemoryConversationEvents());
        }
        else
        {
            services.AddSingleton<IConversationStore>(sp => new SqliteConversationStore(new SqliteStoreOptions { Path = database }, time));
            services.AddSingleton<IUpdateInbox>(sp => new SqliteUpdateInbox(new SqliteStoreOptions { Path = database }, time));
            services.AddSingleton<IOutboundLog>(sp => new SqliteOutboundLog(new SqliteStoreOptions { Path = database }, time));
            services.AddSingleton<ITicketStore>(sp => new SqliteTicketStore(new SqliteStoreOptions { Path = database }, time));
            services.AddSingleton<ITicketMessages>(sp => new SqliteTicketMessages(new SqliteStoreOptions { Path = database }));
            services.AddSingleton<IConversationEvents>(sp => new SqliteConversationEvents(new SqliteStoreOptions { Path = database }));
        }

        // As the host has it: one desk over every channel's ITicketChannel.
        services.AddOptions<TicketOptions>().BindConfiguration(TicketOptions.Section);
        services.AddSingleton<TicketDesk>();

        services.AddChainLookup();

        // As the host's AddScamDefence, with the shipped lists and the moderators' allowlist in memory.
        services.AddOptions<ScamOptions>().BindConfiguration(ScamOptions.Section);
        services.AddSingleton(new PhishingListHolder(ShippedPhishingList.Value));
        services.AddSingleton(ShippedLinkRules.Value);
        services.AddSingleton<IAllowedDomainStore, InMemoryAllowedDomainStore>();
        services.AddSingleton<AllowedDomains>();
        services.AddSingleton<LinkScanner>();
        services.AddSingleton<ScamPeopleChecks>();
        services.AddSingleton<ScamGuard>();

        services.AddTelegramOptions();
        var options = new TelegramOptions();
        new ConfigurationBuilder().AddInMemoryCollection(config).Build().GetSection(TelegramOptions.Section).Bind(options);
        services.AddTelegramChannel(options);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        if (web is not null)
        {
            await web.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
