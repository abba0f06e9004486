using SupportBot.Core.Tickets;

namespace SupportBot.Storage.Tests;

public sealed class InMemoryTicketMessagesTests : TicketMessagesContract
{
    private InMemoryTicketMessages? _lines;

    // Memory has no second instance: every "instance" is the one store.
    protected override ITicketMessages CreateStore() => _lines ??= new InMemoryTicketMessages();
}
