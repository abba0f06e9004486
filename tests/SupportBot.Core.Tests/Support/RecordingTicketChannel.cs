using SupportBot.Core.Messages;
using SupportBot.Core.Tickets;

namespace SupportBot.Core.Tests.Support;

/// <summary>
/// The platform side of tickets, recorded: places are <c>thread-1</c>, <c>thread-2</c>…, shown to users as a
/// Discord-style mention when <c>threads</c> is set (otherwise the user stays in the private chat, as on Telegram).
/// </summary>
internal sealed class RecordingTicketChannel(string name, bool enabled = true, bool threads = true) : ITicketChannel
{
    private int places;

    public string Name => name;

    public bool Enabled => enabled;

    /// <summary>The platform refuses to create places (missing permissions, an outage).</summary>
    public bool FailCreatingPlace { get; set; }

    /// <summary>The platform fails at everything about existing places: notices, archiving, reopening.</summary>
    public bool FailAtPlaces { get; set; }

    /// <summary>Runs while a place is being closed, as something happening elsewhere at that moment.</summary>
    public Func<Task>? WhileClosingPlace { get; set; }

    public List<(Ticket Ticket, string Opening)> Created { get; } = [];

    public List<(long Ticket, string Text)> PlacePosts { get; } = [];

    public List<(long Ticket, OutboundMessage Message)> ToUser { get; } = [];

    public List<(Ticket Ticket, TicketTranscript Transcript)> ClosedPlaces { get; } = [];

    public List<long> ReopenedPlaces { get; } = [];

    public Task<string> CreatePlaceAsync(Ticket ticket, string opening, CancellationToken cancellationToken)
    {
        if (FailCreatingPlace)
            throw new HttpRequestException("403 Missing Permissions");
        Created.Add((ticket, opening));
        return Task.FromResult($"thread-{++places}");
    }

    public string? PlaceReference(Ticket ticket) => threads ? $"<#{ticket.Place}>" : null;

    public Task PostToPlaceAsync(Ticket ticket, string text, CancellationToken cancellationToken)
    {
        FailIfAsked();
        PlacePosts.Add((ticket.Id, text));
        return Task.CompletedTask;
    }

    public Task SendToUserAsync(Ticket ticket, OutboundMessage message, CancellationToken cancellationToken)
    {
        ToUser.Add((ticket.Id, message));
        return Task.CompletedTask;
    }

    public async Task ClosePlaceAsync(Ticket ticket, TicketTranscript transcript, CancellationToken cancellationToken)
    {
        FailIfAsked();
        ClosedPlaces.Add((ticket, transcript));
        if (WhileClosingPlace is { } meanwhile)
            await meanwhile();
    }

    public Task ReopenPlaceAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        FailIfAsked();
        ReopenedPlaces.Add(ticket.Id);
        return Task.CompletedTask;
    }

    private void FailIfAsked()
    {
        if (FailAtPlaces)
            throw new HttpRequestException("503 Service Unavailable");
    }
}
