namespace SupportBot.Core.Scams;

/// <summary>The phishing list in use; the refresh swaps in a newer one while scans go on.</summary>
/// <param name="initial">The cached download, or the snapshot shipped with the bot.</param>
public sealed class PhishingListHolder(PhishingList initial)
{
    private PhishingList current = initial;

    public PhishingList Current => Volatile.Read(ref current);

    /// <summary>Replaces the list; scans already running finish on the old one.</summary>
    /// <param name="list">A list that parsed and passed the plausibility check.</param>
    public void Replace(PhishingList list) => Volatile.Write(ref current, list);
}
