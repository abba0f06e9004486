using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Conversations;
using SupportBot.Core.Figures;
using SupportBot.Core.Lookup;
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
        Channel = new RecordingTicketChannel("test", enabled: ticketsOnChannel, threads: false);
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
