using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SupportBot.Discord.Rest;

/// <summary>Registers the REST client. <see cref="DiscordOptions"/> (token, base URL) is bound by the caller.</summary>
public static class DiscordRestSetup
{
    public static IServiceCollection AddDiscordRest(this IServiceCollection services, Action<DiscordRestOptions>? configure = null)
    {
        // Retries and rate limits are handled by the client itself; a resilience handler below it would retry 429s blindly.
        services.AddHttpClient(DiscordRestClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        var restOptions = services.AddOptions<DiscordRestOptions>();
        if (configure is not null)
        {
            restOptions.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DiscordRestClient>();
        services.TryAddSingleton<IDiscordRest>(sp => sp.GetRequiredService<DiscordRestClient>());
        return services;
    }
}
