using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Intents;
using SupportBot.Core.Lookup;
using SupportBot.Core.Messages;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Tests.Support;

/// <summary>The real content tree, as shipped in content/, loaded once.</summary>
internal static class TestContent
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "content");

    public static ContentCatalog Catalog => Lazy.Value;

    private static readonly Lazy<ContentCatalog> Lazy = new(() => ContentCatalog.Load(Root));
}

/// <summary>The real engine over the real content, with a store and clock the test controls.</summary>
internal sealed class TestBot
{
    public TestBot(IConversationStore? store = null, FakeTimeProvider? time = null, TimeSpan? idleExpiry = null, IChainLookup? chainLookup = null,
        IntentThresholds? thresholds = null, IConversationEvents? events = null, SupportBot.Core.Scams.ScamGuard? scams = null,
        SupportBot.Core.Fix.FixLinks? fixLinks = null)
    {
        Time = time ?? NewClock();
        Events = events ?? new InMemoryConversationEvents();
        Store = store ?? new InMemoryConversationStore(Time);
        Logs = new RecordingLogger<ConversationEngine>();
        var triage = thresholds is null ? new TriageService(TestContent.Catalog)
            : new TriageService(TestContent.Catalog, TriageService.TrainedModel(TestContent.Catalog, IntentModelCache.DefaultDirectory), thresholds);
        Engine = new ConversationEngine(TestContent.Catalog, triage, Store,
            Options.Create(new ConversationOptions { IdleExpiry = idleExpiry ?? TimeSpan.FromHours(24) }), Time, Logs, chainLookup, Events, scams: scams, fixLinks: fixLinks);
    }

    public FakeTimeProvider Time { get; }

    /// <summary>A hand-moved clock at the fixed test epoch; give the same one to every component of a test.</summary>
    public static FakeTimeProvider NewClock() => new(TestClock.Epoch);

    public IConversationStore Store { get; }

    /// <summary>The events the engine recorded for the figures.</summary>
    public IConversationEvents Events { get; }

    public RecordingLogger<ConversationEngine> Logs { get; }

    public ConversationEngine Engine { get; }

    public Chat User(string id, string locale = "en") => new(Engine, id, locale);
}

/// <summary>One user's side of a conversation, written so tests read like transcripts.</summary>
internal sealed class Chat(ConversationEngine engine, string id, string locale)
{
    public TurnResult Last { get; private set; } = new([], false, "", "");

    /// <summary>Everything the bot said in the last turn.</summary>
    public string Reply => string.Join("\n\n", Last.Replies.Select(r => r.Text));

    /// <summary>The buttons under the last message that has any.</summary>
    public IReadOnlyList<ChoiceButton> Buttons => Last.Replies.LastOrDefault(r => r.Choices.Count > 0)?.Choices ?? [];

    public IReadOnlyList<LinkButton> Links => Last.Replies.SelectMany(r => r.Links).ToList();

    public string Step => $"{Last.ScenarioId}/{Last.StepId}";

    public Task<Chat> Says(string text) => Send(new InboundMessage { Channel = "test", ConversationId = id, UserId = id, Text = text, Locale = locale });

    public Task<Chat> Sends(string payload) => Send(new InboundMessage { Channel = "test", ConversationId = id, UserId = id, Payload = payload, Locale = locale });

    /// <summary>Presses the button whose label contains <paramref name="label"/>.</summary>
    public Task<Chat> Presses(string label)
    {
        var matches = Buttons.Where(b => b.Label.Contains(label, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(matches.Count == 1, $"expected one button '{label}' among: {string.Join(" | ", Buttons.Select(b => b.Label))}");
        return Sends(matches[0].Payload);
    }

    public Chat Expect(string fragment)
    {
        Assert.Contains(fragment, Reply, StringComparison.Ordinal);
        return this;
    }

    public Chat ExpectAt(string step)
    {
        Assert.Equal(step, Step);
        return this;
    }

    private async Task<Chat> Send(InboundMessage message)
    {
        Last = await engine.HandleAsync(message, CancellationToken.None);
        Assert.NotEmpty(Last.Replies);
        return this;
    }
}

internal static class ChatExtensions
{
    public static async Task<Chat> Says(this Task<Chat> chat, string text) => await (await chat).Says(text);

    public static async Task<Chat> Presses(this Task<Chat> chat, string label) => await (await chat).Presses(label);

    public static async Task<Chat> Sends(this Task<Chat> chat, string payload) => await (await chat).Sends(payload);

    public static async Task<Chat> Expect(this Task<Chat> chat, string fragment) => (await chat).Expect(fragment);

    public static async Task<Chat> ExpectAt(this Task<Chat> chat, string step) => (await chat).ExpectAt(step);
}

/// <summary>Keeps every formatted log line, so tests can prove secrets never reach the logs.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (lines)
        {
            lines.Add($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
