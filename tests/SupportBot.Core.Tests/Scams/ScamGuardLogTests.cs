using SupportBot.Core.Scams;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Scams;

/// <summary>The application log says what was done and to which domains, never the member's words.</summary>
public sealed class ScamGuardLogTests
{
    [Fact]
    public void FakeSupportMessage_LoggedWithoutItsWords()
    {
        var logs = new RecordingLogger<ScamGuard>();
        var guard = ShippedLinkScanner.Guard(new ScamOptions { Defaults = new ScamPolicy { ModLog = "-100999" } }, logger: logs);

        var decision = guard.OnMessage(new ScamCommunity("Telegram", "-100123", "BNB Help"), new ScamMember("42", "Dmitry K", "dmitry_k"),
            "hey dm me for support, I'll sort your wallet quickly, also see metamask-verify.org/fix");

        Assert.NotEqual(ScamActions.None, decision.Actions);
        var line = Assert.Single(logs.Lines, l => l.Contains("Scam check", StringComparison.Ordinal));
        Assert.Contains("metamask-verify.org", line, StringComparison.Ordinal);
        Assert.DoesNotContain("dm me", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sort your wallet", line, StringComparison.Ordinal);
    }
}
