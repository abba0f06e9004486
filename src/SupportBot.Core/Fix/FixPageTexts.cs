namespace SupportBot.Core.Fix;

/// <summary>The texts of the fix page and of the button that leads to it, all required in every locale.</summary>
public static class FixPageTexts
{
    /// <summary>The button under a lookup report.</summary>
    public const string Button = "fix-page.button";

    /// <summary>Every text the page shows, in the order it may show them.</summary>
    public static readonly IReadOnlyList<string> PageKeys =
    [
        "fix-page.title", "fix-page.intro", "fix-page.intro-network", "fix-page.start", "fix-page.no-wallet", "fix-page.open-in-metamask",
        "fix-page.step.switch", "fix-page.step.add", "fix-page.step.token",
        "fix-page.done.switch", "fix-page.done.add", "fix-page.done.token", "fix-page.done.all",
        "fix-page.rejected", "fix-page.unsupported", "fix-page.failed", "fix-page.manual", "fix-page.manual-network",
        "fix-page.refused", "fix-page.safety",
    ];
}
