using System.Diagnostics.Metrics;

namespace SupportBot.Core.Telemetry;

/// <summary>
/// The bot's own metrics, one <see cref="Meter"/> named <see cref="MeterName"/> (exported by the host, e.g. to
/// Prometheus). Tags carry channels, intents, networks and outcomes only: never a user, a chat or any text.
/// </summary>
public sealed class BotMetrics
{
    /// <summary>The meter's name: what an exporter subscribes to.</summary>
    public const string MeterName = "SupportBot";

    private readonly Counter<long> turns;
    private readonly Counter<long> clarifications;
    private readonly Counter<long> lookups;
    private readonly Histogram<double> lookupDuration;
    private readonly Counter<long> messagesSent;
    private readonly Counter<long> rateLimited;
    private readonly Histogram<double> rateLimitWait;
    private readonly Counter<long> secrets;
    private readonly Counter<long> scamActions;
    private readonly Counter<long> tickets;
    private readonly Counter<long> ratings;

    /// <param name="meters">The host's meter factory (<c>AddMetrics</c>), so tests can listen to one instance alone.</param>
    public BotMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        turns = meter.CreateCounter<long>("supportbot.turns", "{turn}", "Turns the conversation engine handled, by channel and intent followed.");
        clarifications = meter.CreateCounter<long>("supportbot.clarifications", "{question}", "Turns where the bot did not understand and asked which was meant (asked) or said so (not_caught).");
        lookups = meter.CreateCounter<long>("supportbot.lookups", "{lookup}", "On-chain lookups, by kind, network found and outcome.");
        lookupDuration = meter.CreateHistogram<double>("supportbot.lookup.duration", "s", "How long on-chain lookups took, by kind and outcome.");
        messagesSent = meter.CreateCounter<long>("supportbot.messages.sent", "{message}", "Messages the bot sent, by channel.");
        rateLimited = meter.CreateCounter<long>("supportbot.rate_limited", "{response}", "429 answers from a platform, by channel.");
        rateLimitWait = meter.CreateHistogram<double>("supportbot.rate_limit.wait", "s", "How long sending waited for a platform's rate limit, by channel.");
        secrets = meter.CreateCounter<long>("supportbot.secrets.caught", "{message}", "Messages holding a recovery phrase or private key, by channel (never stored).");
        scamActions = meter.CreateCounter<long>("supportbot.scam.actions", "{action}", "Scam-defence actions decided, by platform and action.");
        tickets = meter.CreateCounter<long>("supportbot.tickets", "{event}", "Ticket events (opened, claimed, closed, reopened), by channel.");
        ratings = meter.CreateCounter<long>("supportbot.ratings", "{rating}", "Ticket ratings, by stars.");
    }

    /// <summary>A turn: <paramref name="intent"/> is the intent followed, or "none".</summary>
    public void Turn(string channel, string? intent) =>
        turns.Add(1, new("channel", channel), new("intent", intent ?? "none"));

    /// <summary>A turn the bot did not understand; <paramref name="asked"/> when it offered a choice of meanings.</summary>
    public void Clarification(string channel, bool asked) =>
        clarifications.Add(1, new("channel", channel), new("kind", asked ? "asked" : "not_caught"));

    /// <summary>An on-chain lookup: <paramref name="network"/> where it was found ("none" when nowhere).</summary>
    public void Lookup(string kind, string network, string outcome, TimeSpan took)
    {
        lookups.Add(1, new("kind", kind), new("network", network), new("outcome", outcome));
        lookupDuration.Record(took.TotalSeconds, new("kind", kind), new("outcome", outcome));
    }

    /// <summary>A message (or one part of a long one) sent.</summary>
    public void MessageSent(string channel) => messagesSent.Add(1, new KeyValuePair<string, object?>("channel", channel));

    /// <summary>A 429 and how long the sender waits because of it.</summary>
    public void RateLimited(string channel, TimeSpan wait)
    {
        rateLimited.Add(1, new KeyValuePair<string, object?>("channel", channel));
        rateLimitWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("channel", channel));
    }

    /// <summary>A message that held a secret.</summary>
    public void SecretCaught(string channel) => secrets.Add(1, new KeyValuePair<string, object?>("channel", channel));

    /// <summary>One action of a scam decision (log, warn, delete, restrict).</summary>
    public void ScamAction(string platform, string action) =>
        scamActions.Add(1, new("platform", platform), new("action", action));

    /// <summary>A ticket event.</summary>
    public void Ticket(string channel, string what) => tickets.Add(1, new("channel", channel), new("event", what));

    /// <summary>A rating, 1–5.</summary>
    public void Rating(int stars) => ratings.Add(1, new KeyValuePair<string, object?>("stars", stars));
}
