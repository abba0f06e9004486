using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
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
        var allowed = new AllowedDomains(new InMemoryAllowedDomainStore());
        var guard = new ScamGuard(TestContent.Catalog, new ScamPeopleChecks(TestContent.Catalog),
            new LinkScanner(new PhishingListHolder(ShippedLinkScanner.Snapshot), ShippedLinkScanner.Rules, allowed), allowed,
            new FixedOptions(new ScamOptions { Defaults = new ScamPolicy { ModLog = "-100999" } }), new FakeTimeProvider(TestClock.Epoch), logs);

        var decision = guard.OnMessage(new ScamCommunity("Telegram", "-100123", "BNB Help"), new ScamMember("42", "Dmitry K", "dmitry_k"),
            "hey dm me for support, I'll sort your wallet quickly, also see metamask-verify.org/fix");

        Assert.NotEqual(ScamActions.None, decision.Actions);
        var line = Assert.Single(logs.Lines, l => l.Contains("Scam check", StringComparison.Ordinal));
        Assert.Contains("metamask-verify.org", line, StringComparison.Ordinal);
        Assert.DoesNotContain("dm me", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sort your wallet", line, StringComparison.Ordinal);
    }

    private sealed class FixedOptions(ScamOptions value) : IOptionsMonitor<ScamOptions>
    {
        public ScamOptions CurrentValue => value;

        public ScamOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ScamOptions, string?> listener) => null;
    }
}
