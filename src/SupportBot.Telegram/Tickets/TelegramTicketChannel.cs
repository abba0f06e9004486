using System.Globalization;
using Microsoft.Extensions.Options;
using SupportBot.Core.Messages;
using SupportBot.Core.Tickets;
using SupportBot.Telegram.Rendering;
using SupportBot.Telegram.Sending;
using SupportBot.Telegram.Updates;
using Telegram.Bot;

namespace SupportBot.Telegram.Tickets;

/// <summary>
/// Tickets on Telegram: each ticket is a topic of the staff's forum supergroup (<see cref="TelegramOptions.StaffChatId"/>);
/// the user stays in the private chat with the bot. What the desk asks for while an update is handled is added to that
/// update's <see cref="TelegramTurn"/>, so it is committed with the update: nothing lost, nothing sent twice. What it
/// asks for otherwise (the inactivity check) is committed on its own before it goes out. Only a new topic and its
/// summary go out at once: the desk needs the topic's id.
/// </summary>
/// <remarks>
/// At closing, the full transcript (internal notes included) goes to <see cref="TelegramOptions.TicketLogChatId"/>, or
/// into the topic itself when no log chat is set; the user gets a transcript as a <c>.txt</c> file too, without the
/// internal notes and without the staff summary. A file rather than messages: a long ticket would otherwise be dozens
/// of messages, and the 20-a-minute group limit would hold the staff chat up for minutes.
/// </remarks>
public sealed class TelegramTicketChannel(TelegramOutbox outbox, TelegramDelivery delivery, IOptions<TelegramOptions> options)
    : ITicketChannel
{
    private static readonly AsyncLocal<TelegramTurn?> CurrentTurn = new();

    public string Name => TelegramUpdateHandler.Channel;

    public bool Enabled => options.Value.TicketsEnabled;

    private long StaffChat => options.Value.StaffChatId ?? throw new InvalidOperationException("Telegram:StaffChatId is not set");

    /// <summary>While the returned scope lasts, on this flow of work, what the desk asks for joins <paramref name="turn"/>.</summary>
    public static IDisposable Within(TelegramTurn turn)
    {
        var previous = CurrentTurn.Value;
        CurrentTurn.Value = turn;
        return new Scope(previous);
    }

    public async Task<string> CreatePlaceAsync(Ticket ticket, string opening, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var staff = StaffChat;
        // At once, not through the log: the topic's id is the place the desk stores, and the summary belongs with the
        // topic — were it part of the update's turn, a failed turn would leave the topic without it (the retried turn
        // finds the ticket open already).
        var topic = await outbox.SendAsync(staff, true, (bot, ct) => bot.CreateForumTopic(staff, TopicName(ticket), cancellationToken: ct), cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidOperationException($"Telegram refused to create the topic of ticket {ticket.Id}");
        foreach (var part in TelegramHtml.Render(new OutboundMessage(opening)))
        {
            var call = new TelegramCall(TelegramCall.SendMessage, staff, true, Html: part.Html, ThreadId: topic.MessageThreadId);
            _ = await outbox.SendAsync(staff, true, call.ExecuteAsync, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Telegram refused the summary of ticket {ticket.Id}");
        }

        return topic.MessageThreadId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The user stays in the private chat: nothing to point to.</summary>
    public string? PlaceReference(Ticket ticket) => null;

    public Task PostToPlaceAsync(Ticket ticket, string text, CancellationToken cancellationToken) =>
        RecordAsync(turn => Post(turn, StaffChat, Topic(ticket), text), cancellationToken);

    public Task SendToUserAsync(Ticket ticket, OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return RecordAsync(turn =>
        {
            foreach (var part in TelegramHtml.Render(message))
            {
                turn.Send(UserChat(ticket), false, part);
            }
        }, cancellationToken);
    }

    public async Task ClosePlaceAsync(Ticket ticket, TicketTranscript transcript, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(transcript);
        await RecordAsync(turn =>
        {
            var settings = options.Value;
            if (settings.TicketLogChatId is { } log)
            {
                turn.SendFile(log, log < 0, transcript.FileName, transcript.Text, threadId: settings.TicketLogThreadId);
            }
            else
            {
                turn.SendFile(StaffChat, true, transcript.FileName, transcript.Text, threadId: Topic(ticket));
            }

            turn.SendFile(UserChat(ticket), false, transcript.FileName, transcript.UserText);
            turn.CloseTopic(StaffChat, Topic(ticket));
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task ReopenPlaceAsync(Ticket ticket, CancellationToken cancellationToken) =>
        RecordAsync(turn => turn.ReopenTopic(StaffChat, Topic(ticket)), cancellationToken);

    /// <summary>The topic's id from the ticket's place.</summary>
    public static int Topic(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return int.Parse(ticket.Place ?? throw new InvalidOperationException($"Ticket {ticket.Id} has no topic"), CultureInfo.InvariantCulture);
    }

    /// <summary>A private chat's id is its user's id.</summary>
    public static long UserChat(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return long.Parse(ticket.UserId, CultureInfo.InvariantCulture);
    }

    /// <summary>A text from the bot in a topic of the staff chat.</summary>
    public static void Post(TelegramTurn turn, long staffChat, int topic, string text, int? replyTo = null)
    {
        ArgumentNullException.ThrowIfNull(turn);
        foreach (var part in TelegramHtml.Render(new OutboundMessage(text)))
        {
            turn.Send(staffChat, true, part, replyTo, topic);
        }
    }

    /// <summary>The number and network only: the topic list is seen by all staff and says nothing else about the user.</summary>
    private static string TopicName(Ticket ticket)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"#{ticket.Id} · {ticket.Form.Network}");
        return name.Length <= 128 ? name : name[..128];
    }

    private async Task RecordAsync(Action<TelegramTurn> record, CancellationToken cancellationToken)
    {
        if (CurrentTurn.Value is { } turn)
        {
            record(turn);
            return;
        }

        var own = new TelegramTurn(outbox);
        record(own);
        await delivery.CommitAndDeliverAsync(own, cancellationToken).ConfigureAwait(false);
    }

    private sealed class Scope(TelegramTurn? previous) : IDisposable
    {
        public void Dispose() => CurrentTurn.Value = previous;
    }
}
