using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SupportBot.Chain.JsonRpc;
using SupportBot.Chain.Lookup;
using SupportBot.Core.Lookup;

namespace SupportBot.Chain;

/// <summary>Registers the on-chain lookup; resilience is configured here, once, and nowhere else.</summary>
public static class ChainSetup
{
    public static IServiceCollection AddChainLookup(this IServiceCollection services)
    {
        services.AddOptions<ChainOptions>().BindConfiguration(ChainOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ChainEndpoints>();
        services.AddSingleton<ChainHeads>();
        services.AddSingleton<TokenMetadataCache>();
        services.AddSingleton<JsonRpcClient>();
        services.AddSingleton<ChainLookupService>();
        services.AddSingleton<IChainLookup>(sp => sp.GetRequiredService<ChainLookupService>());
        services.AddSingleton<ChainIdVerifier>();

        services.AddHttpClient(JsonRpcClient.HttpClientName, http =>
            {
                // The pipeline's attempt timeout and the lookup deadline bound every call; HttpClient's own 100 s would only hide them.
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("SupportBot/1.0");
            })
            .AddResilienceHandler("evm-rpc", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ChainOptions>>().Value;
                // Outermost first: retry (with jitter) → circuit breaker → per-attempt timeout.
                if (options.Retries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        // A timed-out endpoint is likely to time out again: the lookup fails over to the next one instead.
                        ShouldHandle = args => ValueTask.FromResult(
                            args.Outcome.Exception is not Polly.Timeout.TimeoutRejectedException && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                        MaxRetryAttempts = options.Retries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(100),
                    });
                }

                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 4,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(15),
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            })
            // One pipeline, and so one circuit breaker, per endpoint: a dead endpoint must not trip its neighbours.
            .SelectPipelineByAuthority();
        return services;
    }
}
