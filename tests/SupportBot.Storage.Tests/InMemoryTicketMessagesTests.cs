using SupportBot.Core.Tickets;

namespace SupportBot.Storage.Tests;

public sealed class InMemoryTicketMessagesTests : TicketMessagesContract
{
    protected override ITicketMessages CreateStore() => new InMemoryTicketMessages();
}
