using Microsoft.Extensions.DependencyInjection;
using SupportBot.Core.Channels;
using SupportBot.Core.Telemetry;
using SupportBot.Discord.Rest;

namespace SupportBot.Discord.Tests.Rest;

/// <summary>A fake Discord REST API and a client composed the way the host composes it (DI, the named HttpClient).</summary>
internal sealed class RestHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly List<ServiceProvider> others = [];

    private RestHarness(FakeDiscordRest fake, ServiceProvider services)
    {
        Fake = fake;
        this.services = services;
        Client = services.GetRequiredService<DiscordRestClient>();
        Rest = services.GetRequiredService<IDiscordRest>();
    }

    public FakeDiscordRest Fake { get; }

    public DiscordRestClient Client { get; }

    public IDiscordRest Rest { get; }

    /// <summary>The provider's services (the meter factory of <see cref="BotMetrics"/>).</summary>
    public IServiceProvider Services => services;

    public static async Task<RestHarness> StartAsync(
        Action<DiscordRestOptions>? configure = null,
        TimeProvider? timeProvider = null,
        string? token = null,
        string? apiBaseUrl = null,
        ISendBudget? sharedBudget = null,
        bool metrics = false)
    {
        var fake = await FakeDiscordRest.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<DiscordOptions>(o =>
        {
            o.Token = token ?? fake.Token;
            o.ApiBaseUrl = apiBaseUrl ?? fake.ApiBaseUrl;
        });
        services.AddDiscordRest(o =>
        {
            o.ServerErrorBackoff = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(o);
        });
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        if (sharedBudget is not null)
        {
            services.AddSingleton(sharedBudget);
        }

        if (metrics)
        {
            services.AddMetrics();
            services.AddSingleton<BotMetrics>();
        }

        return new RestHarness(fake, services.BuildServiceProvider());
    }

    /// <summary>A second, independent client (its own limiter) against the same fake, like a second process with the same token.</summary>
    public DiscordRestClient CreateSecondClient(Action<DiscordRestOptions>? configure = null, TimeProvider? timeProvider = null, ISendBudget? sharedBudget = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<DiscordOptions>(o =>
        {
            o.Token = Fake.Token;
            o.ApiBaseUrl = Fake.ApiBaseUrl;
        });
        services.AddDiscordRest(configure);
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        if (sharedBudget is not null)
        {
            services.AddSingleton(sharedBudget);
        }

        var provider = services.BuildServiceProvider();
        others.Add(provider);
        return provider.GetRequiredService<DiscordRestClient>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in others)
        {
            await provider.DisposeAsync();
        }

        await services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
