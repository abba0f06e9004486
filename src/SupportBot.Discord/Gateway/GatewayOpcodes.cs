namespace SupportBot.Discord.Gateway;

/// <summary>Gateway opcodes (<c>topics/opcodes-and-status-codes.mdx</c>).</summary>
internal static class GatewayOpcodes
{
    public const int Dispatch = 0;
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int Resume = 6;
    public const int Reconnect = 7;
    public const int InvalidSession = 9;
    public const int Hello = 10;
    public const int HeartbeatAck = 11;

    /// <summary>Ops the client sends itself or only receives: <see cref="DiscordGatewayClient.SendAsync"/> refuses them.</summary>
    public static bool IsManaged(int op) =>
        op is Dispatch or Heartbeat or Identify or Resume or Reconnect or InvalidSession or Hello or HeartbeatAck;
}
