using SupportBot.Core.Scams;

namespace SupportBot.Core.Tests.Scams;

/// <summary>The scanner over what ships in content/: the eth-phishing-detect snapshot and scams-links.yaml.</summary>
internal static class ShippedLinkScanner
{
    public static string ContentRoot { get; } = Path.Combine(AppContext.BaseDirectory, "content");

    public static PhishingList Snapshot { get; } = PhishingList.Load(Path.Combine(ContentRoot, LinkRules.SnapshotFileName));

    public static LinkRules Rules { get; } = LinkRules.Load(Path.Combine(ContentRoot, LinkRules.FileName));

    public static LinkScanner Instance { get; } = new(new PhishingListHolder(Snapshot), Rules);
}
