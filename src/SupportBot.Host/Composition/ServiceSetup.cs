using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Chain;
using Microsoft.AspNetCore.Builder;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Triage;
using SupportBot.Host.Operations;
using SupportBot.Host.Web;
using SupportBot.Discord;
using SupportBot.Telegram;

namespace SupportBot.Host.Composition;

/// <summary>The whole composition in one place: configuration sources, options, content, engine, store.</summary>
public static class ServiceSetup
{
    /// <summary>Environment variables with this prefix override configuration: <c>SUPPORTBOT_Storage__SqlitePath</c>.</summary>
    public const string EnvironmentPrefix = "SUPPORTBOT_";

    public static HostApplicationBuilder CreateBuilder(IEnumerable<KeyValuePair<string, string?>>? overrides = null, TimeProvider? clock = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // appsettings.json ships next to the binary; relative paths in it resolve against the working directory.
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        AddSources(builder.Configuration, overrides);
        builder.Services.AddSupportBot(clock);
        return builder;
    }

    /// <summary>The same composition on a web host, for channels that receive HTTP (the Telegram webhook).</summary>
    public static WebApplicationBuilder CreateWebBuilder(IEnumerable<KeyValuePair<string, string?>>? overrides = null, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        AddSources(builder.Configuration, overrides);
        builder.Services.AddSupportBot(clock);
        return builder;
    }

    private static void AddSources(IConfigurationBuilder configuration, IEnumerable<KeyValuePair<string, string?>>? overrides)
    {
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null)
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }

    /// <param name="services">The host's services.</param>
    /// <param name="clock">The one clock of the whole bot; the system clock when null.</param>
    public static IServiceCollection AddSupportBot(this IServiceCollection services, TimeProvider? clock = null)
    {
        services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddSingleton(sp => ContentCatalog.Load(sp.GetRequiredService<IOptions<ContentOptions>>().Value.Resolve()));
        services.AddSingleton(sp =>
        {
            var content = sp.GetRequiredService<ContentCatalog>();
            return new TriageService(content, TriageService.TrainedModel(content, sp.GetRequiredService<IOptions<StorageOptions>>().Value.ModelCache));
        });
        services.AddSingleton<ConversationEngine>();
        services.AddStores();
        services.AddOptions<SupportBot.Core.Tickets.TicketOptions>().BindConfiguration(SupportBot.Core.Tickets.TicketOptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.TeamHours) || TeamHoursParse(o.TeamHours), "Tickets:TeamHours should read like 'Mon-Fri 09:00-18:00 Europe/Moscow'.")
            .ValidateOnStart();
        services.AddSingleton<SupportBot.Core.Tickets.TicketDesk>();
        services.AddHostedService<TicketInactivityService>();
        services.AddHostedService<StorePurgeService>();
        services.AddChainLookup();
        services.AddHostedService<ChainIdCheckService>();
        services.AddScamDefence();
        services.AddOperations();
        services.AddFixPage();
        services.AddTelegramOptions();
        services.AddDiscordOptions();
        return services;
    }

    private static bool TeamHoursParse(string text)
    {
        try
        {
            _ = SupportBot.Core.Tickets.TeamHours.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Checks configuration and content before anything runs, so a mistake stops start-up with a message naming the
    /// key or file instead of failing on the first user message.
    /// </summary>
    /// <param name="services">The built host's services.</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    /// <param name="waitForSharedStore">
    /// A Redis that cannot be reached is waited for instead (a service started before its Redis, or during a failover):
    /// the store reconnects on its own and <c>/readyz</c> says "store unavailable" meanwhile. A SQLite file that cannot
    /// be opened always stops start-up: that does not mend itself.
    /// </param>
    public static async Task ValidateStartupAsync(IServiceProvider services, CancellationToken cancellationToken, bool waitForSharedStore = false)
    {
        services.GetService<IStartupValidator>()?.Validate();
        _ = services.GetRequiredService<ContentCatalog>();
        _ = services.GetService<SupportBot.Core.Scams.LinkScanner>();
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        try
        {
            // Opening the store now turns a bad path into a start-up error instead of an apology to every user.
            await services.GetRequiredService<IConversationStore>().LoadAsync("startup/check", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var problem = StorageSetup.Unavailable(storage, ex);
            if (!(waitForSharedStore && storage.IsRedis))
            {
                throw new StorageUnavailableException(problem, ex);
            }

            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServiceSetup))
                .LogWarning("{Problem}; starting anyway and waiting for it (not ready until it answers)", problem);
        }
    }
}

/// <summary>The configured store cannot be opened.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
