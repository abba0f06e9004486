using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Scams;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Scams;

/// <summary>The scanner over what ships in content/: the eth-phishing-detect snapshot and scams-links.yaml.</summary>
internal static class ShippedLinkScanner
{
    public static string ContentRoot { get; } = Path.Combine(AppContext.BaseDirectory, "content");

    public static PhishingList Snapshot { get; } = PhishingList.Load(Path.Combine(ContentRoot, LinkRules.SnapshotFileName));

    public static LinkRules Rules { get; } = LinkRules.Load(Path.Combine(ContentRoot, LinkRules.FileName));

    public static LinkScanner Instance { get; } = new(new PhishingListHolder(Snapshot), Rules);

    /// <summary>The scam guard over the shipped lists, with its own allowlist store.</summary>
    public static ScamGuard Guard(ScamOptions? options = null, IAllowedDomainStore? store = null, Microsoft.Extensions.Logging.ILogger<ScamGuard>? logger = null)
    {
        var allowed = new AllowedDomains(store ?? new InMemoryAllowedDomainStore());
        var scanner = new LinkScanner(new PhishingListHolder(Snapshot), Rules, allowed);
        return new ScamGuard(TestContent.Catalog, new ScamPeopleChecks(TestContent.Catalog), scanner, allowed,
            new StaticOptionsMonitor<ScamOptions>(options ?? new ScamOptions()), new FakeTimeProvider(TestClock.Epoch), logger ?? NullLogger<ScamGuard>.Instance);
    }

    private sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
