using Microsoft.Extensions.Logging;
using SupportBot.Chain.Evm;
using SupportBot.Chain.JsonRpc;

namespace SupportBot.Chain.Lookup;

/// <summary>
/// Asks every endpoint for its eth_chainId and drops those that serve another chain, so a mistyped RPC URL can
/// never make the bot report a transaction on the wrong network. Unreachable endpoints are kept: they may recover.
/// </summary>
public sealed class ChainIdVerifier(ChainEndpoints endpoints, JsonRpcClient rpc, ILogger<ChainIdVerifier> logger)
{
    /// <returns>The endpoints dropped, as "network: url (reported id)".</returns>
    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken)
    {
        var checks = endpoints.Targets.SelectMany(t => t.Endpoints.Select(async endpoint =>
        {
            try
            {
                var reported = Hex.Long((await rpc.CallAsync(endpoint, new JsonRpcCall("eth_chainId"), cancellationToken).ConfigureAwait(false)).Value);
                if (reported == t.ChainId)
                {
                    return null;
                }

                endpoints.Remove(t.Key, endpoint);
                logger.LogError("Endpoint {Endpoint} for {Network} reports chain id {Reported}, expected {Expected}; not using it",
                    endpoint, t.Key, reported, t.ChainId);
                return $"{t.Key}: {endpoint} (reports chain id {reported}, expected {t.ChainId})";
            }
            catch (Exception ex) when (ex is JsonRpcTransientException or JsonRpcProtocolException or JsonRpcException or FormatException)
            {
                logger.LogWarning("Could not verify {Endpoint} for {Network}: {Reason}", endpoint, t.Key, ex.Message);
                return null;
            }
        }));
        return [.. (await Task.WhenAll(checks).ConfigureAwait(false)).OfType<string>()];
    }
}
