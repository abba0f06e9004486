using SupportBot.Core.Tickets;

namespace SupportBot.Storage.Tests;

public sealed class InMemoryTicketStoreTests : TicketStoreContract
{
    protected override ITicketStore CreateStore() => new InMemoryTicketStore(Clock);
}
