using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SupportBot.Chain;
using SupportBot.Chain.Lookup;

namespace SupportBot.Host.Composition;

/// <summary>
/// Asks every endpoint its chain id when a long-running host starts (chat, serve), so an endpoint that serves another
/// chain is dropped before any user's lookup. One-shot verbs skip it: a lookup checks unverified endpoints in its
/// first batch anyway, and triage never touches a chain.
/// </summary>
internal sealed class ChainIdCheckService(ChainIdVerifier verifier, IOptions<ChainOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.VerifyChainIds ? verifier.VerifyAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
