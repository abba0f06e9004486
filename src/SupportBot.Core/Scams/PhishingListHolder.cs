namespace SupportBot.Core.Scams;

/// <summary>The phishing list in use; the refresh swaps in a newer one while scans go on.</summary>
/// <param name="initial">The cached download, or the snapshot shipped with the bot.</param>
/// <param name="minimumBlocklist">A replacement with fewer blocklist entries is implausible (truncated or wrong).</param>
public sealed class PhishingListHolder(PhishingList initial, int minimumBlocklist = 0)
{
    private PhishingList current = initial;

    public PhishingList Current => Volatile.Read(ref current);

    /// <summary>Fewer blocklist entries than this and a downloaded list is refused.</summary>
    public int MinimumBlocklist { get; } = minimumBlocklist;

    /// <summary>Replaces the list; scans already running finish on the old one.</summary>
    /// <param name="list">A list that parsed and passed the plausibility check.</param>
    public void Replace(PhishingList list) => Volatile.Write(ref current, list);
}
