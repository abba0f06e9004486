using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Lookup;
using SupportBot.Core.Messages;
using SupportBot.Core.Tests.Support;
using SupportBot.Core.Tickets;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>
/// The real engine and the real ticket desk over the real content, with in-memory stores and a channel that records
/// what the desk asks of it (the platform boundary). The chats of <see cref="Chat"/> write on channel <c>test</c>.
/// </summary>
internal sealed class TicketBot
{
    public TicketBot(bool ticketsOnChannel = true, string? teamHours = null, IChainLookup? chainLookup = null, ITicketStore? store = null,
        bool withDesk = true)
    {
        Time = TestBot.NewClock();
        Channel = new RecordingTicketChannel { Enabled = ticketsOnChannel };
        Tickets = store ?? new InMemoryTicketStore(Time);
        Desk = new TicketDesk(Tickets, new InMemoryTicketMessages(), [Channel], TestContent.Catalog,
            Options.Create(new TicketOptions { TeamHours = teamHours }), Time, new RecordingLogger<TicketDesk>());
        Conversations = new InMemoryConversationStore(Time);
        Logs = new RecordingLogger<ConversationEngine>();
        Engine = new ConversationEngine(TestContent.Catalog, new TriageService(TestContent.Catalog), Conversations,
            Options.Create(new ConversationOptions()), Time, Logs, chainLookup, Events, withDesk ? Desk : null);
    }

    public FakeTimeProvider Time { get; }

    public RecordingTicketChannel Channel { get; }

    public ITicketStore Tickets { get; }

    public TicketDesk Desk { get; }

    public InMemoryConversationStore Conversations { get; }

    public InMemoryConversationEvents Events { get; } = new();

    public RecordingLogger<ConversationEngine> Logs { get; }

    public ConversationEngine Engine { get; }

    public Chat User(string id, string locale = "en") => new(Engine, id, locale);

    /// <summary>The user's open ticket, as the store has it.</summary>
    public Task<Ticket?> OpenTicketOf(string user) => Tickets.GetOpenForUserAsync(Channel.Name, user, CancellationToken.None);

    public async Task<List<ConversationEvent>> EventsOf(string user) =>
        [.. (await Events.ReadAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None)).Where(e => e.ConversationKey == "test/" + user)];
}

/// <summary>The platform side of tickets, recorded: the places created and what was sent to users.</summary>
internal sealed class RecordingTicketChannel : ITicketChannel
{
    public string Name => "test";

    public bool Enabled { get; init; } = true;

    public List<(Ticket Ticket, string Opening)> Created { get; } = [];

    public List<OutboundMessage> ToUser { get; } = [];

    public List<string> InPlace { get; } = [];

    public Task<string> CreatePlaceAsync(Ticket ticket, string opening, CancellationToken cancellationToken)
    {
        Created.Add((ticket, opening));
        return Task.FromResult("topic-" + ticket.Id);
    }

    // The user stays in the private chat, as on Telegram.
    public string? PlaceReference(Ticket ticket) => null;

    public Task PostToPlaceAsync(Ticket ticket, string text, CancellationToken cancellationToken)
    {
        InPlace.Add(text);
        return Task.CompletedTask;
    }

    public Task SendToUserAsync(Ticket ticket, OutboundMessage message, CancellationToken cancellationToken)
    {
        ToUser.Add(message);
        return Task.CompletedTask;
    }

    public Task ClosePlaceAsync(Ticket ticket, TicketTranscript transcript, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReopenPlaceAsync(Ticket ticket, CancellationToken cancellationToken) => Task.CompletedTask;
}
