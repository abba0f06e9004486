using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Chain.Evm;
using SupportBot.Chain.JsonRpc;

namespace SupportBot.Chain.Lookup;

/// <summary>
/// Asks every endpoint for its eth_chainId at start-up and drops those that serve another chain, so a mistyped RPC URL
/// can never make the bot report a transaction on the wrong network. The check is bounded by
/// <see cref="ChainOptions.VerifyTimeout"/>; endpoints that are unreachable or slow are kept and checked in their first
/// lookup batch instead. The same batch reads each network's head, so the first address lookup needs no extra request.
/// </summary>
public sealed class ChainIdVerifier(ChainEndpoints endpoints, JsonRpcClient rpc, ChainHeads heads, IOptions<ChainOptions> options, TimeProvider time,
    ILogger<ChainIdVerifier> logger)
{
    /// <returns>The endpoints dropped, as "network: url (reported id)".</returns>
    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.VerifyTimeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var checks = endpoints.Targets.SelectMany(t => t.Endpoints.Select(async endpoint =>
        {
            try
            {
                var answers = await rpc.CallAsync(endpoint, [new JsonRpcCall("eth_chainId"), new JsonRpcCall("eth_blockNumber")], bounded.Token).ConfigureAwait(false);
                var reported = Hex.Long(answers[0].Value);
                if (reported == t.ChainId)
                {
                    endpoints.MarkVerified(t.Key, endpoint);
                    if (answers[1].Error is null)
                    {
                        heads.Observe(t.Key, Hex.Long(answers[1].Result));
                    }

                    return null;
                }

                endpoints.Remove(t.Key, endpoint, $"its endpoints serve another chain (chain id {reported})");
                logger.LogError("Endpoint {Endpoint} for {Network} reports chain id {Reported}, expected {Expected}; not using it",
                    endpoint, t.Key, reported, t.ChainId);
                return $"{t.Key}: {endpoint} (reports chain id {reported}, expected {t.ChainId})";
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("No chain id from {Endpoint} for {Network} within {Timeout}; checking it on first use", endpoint, t.Key, options.Value.VerifyTimeout);
                return null;
            }
            catch (Exception ex) when (ex is JsonRpcTransientException or JsonRpcProtocolException or JsonRpcException or FormatException or InvalidOperationException)
            {
                logger.LogWarning("Could not verify {Endpoint} for {Network}: {Reason}; checking it on first use", endpoint, t.Key, ex.Message);
                return null;
            }
        }));
        return [.. (await Task.WhenAll(checks).ConfigureAwait(false)).OfType<string>()];
    }
}
