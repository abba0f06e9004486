using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Tickets;
using SupportBot.Telegram.Sending;
using SupportBot.Telegram.Tickets;
using SupportBot.Telegram.Updates;
using Telegram.Bot;

namespace SupportBot.Telegram;

/// <summary>Registers the Telegram channel. Options are always bound (and validated); the channel runs only with a token.</summary>
public static class TelegramSetup
{
    public const string HttpClientName = "telegram";

    public static IServiceCollection AddTelegramOptions(this IServiceCollection services)
    {
        services.AddOptions<TelegramOptions>().BindConfiguration(TelegramOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        return services;
    }

    /// <summary>The channel itself: bootstrap, inbox processing, and polling unless the webhook is configured.</summary>
    public static IServiceCollection AddTelegramChannel(this IServiceCollection services, TelegramOptions options)
    {
        services.AddHttpClient(HttpClientName);
        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            // TelegramOutbox waits out 429s itself, in order per chat; the library's own retry would sleep inside one call.
            return new TelegramBotClient(new TelegramBotClientOptions(settings.Token!, settings.ApiBaseUrl) { RetryCount = 1 }, http);
        });
        // Several instances share leases and the sending budget through the stores (Redis); alone, memory will do.
        services.TryAddSingleton<ILeaseStore>(sp => new InMemoryLeaseStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ISendBudget>(sp => new InMemorySendBudget(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TelegramPollingLease>();
        services.AddSingleton<TelegramChatLeases>();
        services.AddSingleton<TelegramChannelHealth>();
        services.AddSingleton<IChannelHealth>(sp => sp.GetRequiredService<TelegramChannelHealth>());
        services.AddSingleton<TelegramBotIdentity>();
        services.AddSingleton<ChatMemberCheck>();
        services.AddSingleton<TelegramOutbox>();
        services.AddSingleton<TelegramDelivery>(); // needs an IOutboundLog, registered with the stores
        services.AddSingleton<TelegramTicketRelay>();
        services.AddSingleton<TelegramTicketChannel>();
        // The host's TicketDesk takes every ITicketChannel; this one needs the ITicketMessages registered with the stores.
        services.AddSingleton<ITicketChannel>(sp => sp.GetRequiredService<TelegramTicketChannel>());
        services.AddSingleton<TelegramScamDefence>(); // needs the ScamGuard of AddScamDefence
        services.AddSingleton<TelegramUpdateHandler>();
        services.AddSingleton<TelegramUpdateProcessor>();
        services.AddHostedService<TelegramBootstrap>();
        // Stopped after the processor and delivery (hosted services stop in reverse order): the polling lease is
        // released only when what this instance started is finished.
        services.AddHostedService(sp => sp.GetRequiredService<TelegramPollingLease>());
        services.AddHostedService(sp => sp.GetRequiredService<TelegramDelivery>());
        services.AddHostedService(sp => sp.GetRequiredService<TelegramUpdateProcessor>());
        if (options.Mode == TelegramMode.Polling)
        {
            services.AddHostedService<TelegramPoller>();
        }

        return services;
    }
}
