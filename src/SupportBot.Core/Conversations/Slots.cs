namespace SupportBot.Core.Conversations;

/// <summary>Slot names the engine itself fills or reads; scenarios may set others with <c>set:</c>.</summary>
public static class Slots
{
    /// <summary>A network key from content/networks.yaml.</summary>
    public const string Network = "network";

    /// <summary>An EVM transaction hash the user gave.</summary>
    public const string Transaction = "tx";

    /// <summary>An EVM address the user gave.</summary>
    public const string Address = "address";

    /// <summary><c>binance</c> or <c>binance-us</c>.</summary>
    public const string Exchange = "exchange";
}
