namespace SupportBot.Discord.Gateway;

/// <summary>
/// The gateway cannot go on without a configuration change: a fatal close code (4004, 4010–4014) or an exhausted
/// Identify budget. <see cref="DiscordGatewayClient.RunAsync(CancellationToken)"/> ends with it instead of reconnecting.
/// </summary>
public sealed class GatewayFatalException(int? closeCode, string hint, string? serverReason = null)
    : Exception(BuildMessage(closeCode, hint, serverReason))
{
    /// <summary>The gateway's close code; null when the client stopped on its own (no Identify left).</summary>
    public int? CloseCode { get; } = closeCode;

    /// <summary>What to change to fix it.</summary>
    public string Hint { get; } = hint;

    private static string BuildMessage(int? closeCode, string hint, string? serverReason)
    {
        var reason = string.IsNullOrWhiteSpace(serverReason) ? "" : $" (\"{serverReason}\")";
        return closeCode is { } code
            ? $"The Discord gateway closed the connection with fatal code {code} {GatewayCloseCodes.Name(code)}{reason}: {hint}"
            : $"The Discord gateway client stopped: {hint}";
    }
}
