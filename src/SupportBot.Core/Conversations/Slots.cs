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

    /// <summary>
    /// Whose address the funds were sent to: <see cref="OwnWallet"/> or <see cref="ExchangeAddress"/>; unset when not
    /// known. It decides the advice: funds at your own address on another EVM network are yours to see by switching
    /// networks; funds at an exchange's deposit address are the exchange's to recover.
    /// </summary>
    public const string Recipient = "recipient";

    public const string OwnWallet = "own-wallet";

    public const string ExchangeAddress = "exchange";

    /// <summary>
    /// The network the user named before a lookup found the transaction elsewhere: a lookup moves <see cref="Network"/>
    /// to where it was found, and later advice still needs to know the two differ.
    /// </summary>
    public const string StatedNetwork = "stated-network";

    /// <summary>The network a lookup found the transaction on; a <see cref="Network"/> equal to it was not the user's word.</summary>
    public const string FoundNetwork = "found-network";
}
