using System.Text.Json;

namespace SupportBot.Discord.Gateway;

/// <summary>Receives the gateway's dispatches (op 0), one at a time, in the order the gateway sent them.</summary>
public interface IGatewayEventHandler
{
    /// <summary>
    /// Handles one dispatch, <c>READY</c> and <c>RESUMED</c> included. <paramref name="data"/> is the payload's <c>d</c>
    /// and stays valid after the call. The next dispatch waits for this call, but heartbeats do not, so a slow handler
    /// only delays later events. An exception is logged and the next event is handled.
    /// </summary>
    Task OnDispatchAsync(string eventName, JsonElement data, CancellationToken cancellationToken);
}
