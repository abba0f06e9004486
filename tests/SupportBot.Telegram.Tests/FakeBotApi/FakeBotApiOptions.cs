using System.Security.Cryptography.X509Certificates;

namespace SupportBot.Telegram.Tests.Fakes;

/// <summary>Settings of a <see cref="FakeBotApi"/>; the defaults suit fast tests.</summary>
public sealed class FakeBotApiOptions
{
    /// <summary>The bot token the fake accepts; its digits before ':' are the bot's user id.</summary>
    public string Token { get; init; } = FakeBotApi.DefaultToken;

    public string BotFirstName { get; init; } = "Support Bot";

    public string BotUsername { get; init; } = "support_test_bot";

    /// <summary>The update_id given to the first enqueued update.</summary>
    public int FirstUpdateId { get; init; } = 1;

    /// <summary>
    /// Clock for message dates, the 48-hour deletion window, callback query expiry and when messages arrived
    /// (<see cref="FakeBotApi.MostMessagesWithin"/>). Long polls, rate limits and webhook retries always run on real time.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TestClock.Instance;

    /// <summary>Pause between webhook delivery attempts after a failure (Telegram backs off far longer).</summary>
    public TimeSpan WebhookRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one webhook POST may take before it counts as failed.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Telegram only accepts HTTPS webhooks on ports 443, 80, 88 and 8443. Off by default so that tests can
    /// receive on plain-HTTP loopback ports.
    /// </summary>
    public bool StrictWebhookUrls { get; init; }

    /// <summary>
    /// A certificate the fake accepts from the webhook's HTTPS server besides ones the machine trusts: in real life a
    /// CA's, here a test's self-signed one (e.g. presented by a TLS-terminating load balancer in front of the bot).
    /// </summary>
    public X509Certificate2? TrustedWebhookCertificate { get; init; }

    /// <summary>After this, answerCallbackQuery answers "query is too old"; null means callback queries never expire.</summary>
    public TimeSpan? CallbackQueryLifetime { get; init; }

    /// <summary>Default timeout of the WaitFor… helpers.</summary>
    public TimeSpan DefaultWaitTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
