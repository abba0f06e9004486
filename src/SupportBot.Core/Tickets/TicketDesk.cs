using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Lookup;
using SupportBot.Core.Messages;
using SupportBot.Core.Telemetry;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Tickets;

/// <summary>
/// The one implementation of the ticket rules every channel follows: opening (one per user, the summary and what a
/// lookup finds, when the team will answer), the relay both ways with the secret guard on every message, staff
/// commands, inactivity, and the rating. Channels carry its decisions out through their <see cref="ITicketChannel"/>;
/// staff checks stay with them.
/// </summary>
public sealed class TicketDesk
{
    private readonly ITicketStore store;
    private readonly ITicketMessages lines;
    private readonly Dictionary<string, ITicketChannel> channels;
    private readonly ContentCatalog content;
    private readonly TicketOptions options;
    private readonly TeamHours? hours;
    private readonly TimeProvider clock;
    private readonly ILogger<TicketDesk> logger;
    private readonly IChainLookup? chainLookup;
    private readonly LookupReport lookupReport;
    private readonly BotMetrics? metrics;

    public TicketDesk(ITicketStore store, ITicketMessages lines, IEnumerable<ITicketChannel> channels, ContentCatalog content,
        IOptions<TicketOptions> options, TimeProvider clock, ILogger<TicketDesk> logger, IChainLookup? chainLookup = null, BotMetrics? metrics = null)
    {
        this.metrics = metrics;
        ArgumentNullException.ThrowIfNull(options);
        this.store = store;
        this.lines = lines;
        this.channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);
        this.content = content;
        this.options = options.Value;
        hours = string.IsNullOrWhiteSpace(this.options.TeamHours) ? null : TeamHours.Parse(this.options.TeamHours);
        this.clock = clock;
        this.logger = logger;
        this.chainLookup = chainLookup;
        lookupReport = new LookupReport(content);
    }

    public TicketOptions Options => options;

    /// <summary>Whether users of <paramref name="channel"/> can open tickets.</summary>
    public bool IsAvailable(string channel) => channels.TryGetValue(channel, out var c) && c.Enabled;

    /// <summary>The user's ticket that is not closed, if any.</summary>
    public Task<Ticket?> OpenTicketOfAsync(string channel, string userId, CancellationToken cancellationToken) =>
        store.GetOpenForUserAsync(channel, userId, cancellationToken);

    /// <summary>The ticket whose place (thread, topic) this is, if any.</summary>
    public Task<Ticket?> TicketAtAsync(string channel, string place, CancellationToken cancellationToken) =>
        store.GetByPlaceAsync(channel, place, cancellationToken);

    /// <summary>
    /// Opens a ticket for the user: one per user; its place is created with the summary, the conversation so far and a
    /// fresh lookup of the hash, and the user is told where to continue and when the team will answer.
    /// </summary>
    public async Task<TicketOpening> OpenAsync(TicketRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = request.Language;
        if (!channels.TryGetValue(request.Channel, out var channel) || !channel.Enabled)
            return new(TicketOpeningOutcome.Unavailable, null, Text(language, "tickets.unavailable"));

        var opened = await store.OpenAsync(request, cancellationToken).ConfigureAwait(false);
        var ticket = opened.Ticket!;
        if (opened.Outcome == TicketOutcome.Done)
            metrics?.Ticket(request.Channel, "opened");
        // An open ticket without a place is one whose opening was cut short (a crash between creating the place and
        // recording it): nobody could ever see it, so it gets its place now instead of blocking the user for good.
        if (opened.Outcome == TicketOutcome.UserHasOpenTicket && ticket.Place is not null)
            return new(TicketOpeningOutcome.AlreadyOpen, ticket, Fill(language, "tickets.already-open", ticket, Where(channel, ticket, language)));

        try
        {
            var place = await channel.CreatePlaceAsync(ticket, await OpeningAsync(ticket, cancellationToken).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
            ticket = (await store.SetPlaceAsync(ticket.Id, place, cancellationToken).ConfigureAwait(false)).Ticket ?? ticket;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Without a place nobody would ever see it: close it so the user can try again.
            logger.LogError(ex, "Creating the place of ticket {Ticket} on {Channel} failed", ticket.Id, ticket.Channel);
            await store.CloseAsync(ticket.Id, "could not create its place", CancellationToken.None).ConfigureAwait(false);
            return new(TicketOpeningOutcome.Failed, ticket, Text(language, "tickets.failed"));
        }

        logger.LogInformation("Ticket {Ticket} opened on {Channel}", ticket.Id, ticket.Channel);
        var message = new StringBuilder(Fill(language, "tickets.opened", ticket, Where(channel, ticket, language)));
        message.Append("\n\n").Append(HoursNotice(language));
        return new(TicketOpeningOutcome.Opened, ticket, message.ToString());
    }

    /// <summary>
    /// The user wrote privately while a ticket may be open: with an open ticket and its place, the words go to staff
    /// (<see cref="RelayKind.Relay"/>), unless they hold a secret (<see cref="RelayKind.Blocked"/>). Otherwise
    /// <see cref="RelayKind.NoTicket"/>: the conversation handles it.
    /// </summary>
    /// <remarks>
    /// <c>redacted</c>: secrets the channel already cut out of the text before storing it. <c>sourceId</c>: the platform's
    /// id of the message, so handling it again after a restart adds no second transcript line (the relay itself is the
    /// channel's to deliver once).
    /// </remarks>
    public async Task<RelayDecision> FromUserAsync(string channel, string userId, string userName, string? text, SecretKinds redacted, string sourceId,
        CancellationToken cancellationToken)
    {
        if (await store.GetOpenForUserAsync(channel, userId, cancellationToken).ConfigureAwait(false) is not { Place: not null } ticket)
            return RelayDecision.None;
        return await FromTicketUserAsync(ticket, userName, text, redacted, sourceId, inPlace: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Someone wrote in a ticket's place. Staff words go to the user (an internal note, starting with
    /// <see cref="TicketOptions.NotePrefix"/>, stays); the ticket's own user writing there (a Discord thread) stays
    /// too; anyone else is refused. Secrets are stopped in both directions.
    /// </summary>
    public async Task<RelayDecision> FromPlaceAsync(string channel, string place, string authorId, string authorName, bool isStaff, string? text,
        SecretKinds redacted, string sourceId, CancellationToken cancellationToken)
    {
        if (await store.GetByPlaceAsync(channel, place, cancellationToken).ConfigureAwait(false) is not { } ticket)
            return RelayDecision.None;
        if (authorId == ticket.UserId)
            return await FromTicketUserAsync(ticket, authorName, text, redacted, sourceId, inPlace: true, cancellationToken).ConfigureAwait(false);
        if (!isStaff)
            return new(RelayKind.Refused, ticket, Warning: StaffText("tickets.staff.not-staff", ticket));

        var scan = Scan(text, redacted);
        if (scan.Kinds != SecretKinds.None)
        {
            logger.LogWarning("A staff message in ticket {Ticket} held a secret; it was not relayed", ticket.Id);
            return new(RelayKind.Blocked, ticket, Warning: StaffText("tickets.staff.secret-from-staff", ticket), Secret: scan.Kinds);
        }

        if (ticket.State == TicketState.Closed)
            return new(RelayKind.Closed, ticket, Warning: StaffText("tickets.staff.closed-no-relay", ticket));
        var words = scan.RedactedText.Trim();
        if (words.Length == 0)
            return new(RelayKind.Stays, ticket);

        var note = options.NotePrefix.Length > 0 && words.StartsWith(options.NotePrefix, StringComparison.Ordinal);
        await lines.AddAsync(new TicketMessage(ticket.Id, sourceId, clock.GetUtcNow(), note ? TicketAuthor.Note : TicketAuthor.Staff, authorName, words),
            cancellationToken).ConfigureAwait(false);
        if (note)
            return new(RelayKind.Stays, ticket);

        ticket = (await store.TouchAsync(ticket.Id, staffAnswer: true, cancellationToken).ConfigureAwait(false)).Ticket ?? ticket;
        return new(RelayKind.Relay, ticket, Text(ticket.Language, "tickets.team-says") + "\n" + words);
    }

    /// <summary>Claims the ticket of <paramref name="place"/> for a staff member (the channel checked they are staff) and tells the user.</summary>
    public async Task<TicketCommandReply> ClaimAsync(string channel, string place, string staffId, string staffName, CancellationToken cancellationToken)
    {
        if (await store.GetByPlaceAsync(channel, place, cancellationToken).ConfigureAwait(false) is not { } ticket)
            return NotATicket();
        var result = await store.ClaimAsync(ticket.Id, staffId, cancellationToken).ConfigureAwait(false);
        ticket = result.Ticket ?? ticket;
        switch (result.Outcome)
        {
            case TicketOutcome.Done:
                metrics?.Ticket(channel, "claimed");
                await SendToUserAsync(ticket, new OutboundMessage(Fill(ticket.Language, "tickets.claimed", ticket, staff: staffName)), cancellationToken)
                    .ConfigureAwait(false);
                await lines.AddAsync(BotLine(ticket, $"claimed by {staffName}"), cancellationToken).ConfigureAwait(false);
                return new(result.Outcome, ticket, StaffText("tickets.staff.claimed", ticket, staff: staffName));
            case TicketOutcome.ClaimedByAnother:
                return new(result.Outcome, ticket, StaffText("tickets.staff.claimed-by-another", ticket, staff: ticket.ClaimedBy));
            default:
                return new(result.Outcome, ticket, StaffText("tickets.staff.already-closed", ticket));
        }
    }

    /// <summary>
    /// Closes the ticket of <paramref name="place"/>: the place is closed and the transcript filed, the user is told
    /// why and asked for a rating.
    /// </summary>
    public async Task<TicketCommandReply> CloseAsync(string channel, string place, string staffName, string? reason, CancellationToken cancellationToken)
    {
        if (await store.GetByPlaceAsync(channel, place, cancellationToken).ConfigureAwait(false) is not { } ticket)
            return NotATicket();
        var why = Scan(reason, SecretKinds.None).RedactedText.Trim();
        var result = await CloseTicketAsync(ticket, string.IsNullOrEmpty(why) ? StaffText("tickets.staff.no-reason", ticket) : why, staffName,
            cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? new(result.Outcome, result.Ticket, StaffText("tickets.staff.closed", result.Ticket!, staff: staffName, reason: result.Ticket!.CloseReason))
            : new(result.Outcome, result.Ticket, StaffText("tickets.staff.already-closed", ticket));
    }

    /// <summary>Opens the closed ticket of <paramref name="place"/> again; refused when its user has opened another one since.</summary>
    public async Task<TicketCommandReply> ReopenAsync(string channel, string place, string staffName, CancellationToken cancellationToken)
    {
        if (await store.GetByPlaceAsync(channel, place, cancellationToken).ConfigureAwait(false) is not { } ticket)
            return NotATicket();
        var result = await store.ReopenAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case TicketOutcome.Done:
                metrics?.Ticket(channel, "reopened");
                ticket = (await store.TouchAsync(ticket.Id, staffAnswer: false, cancellationToken).ConfigureAwait(false)).Ticket ?? result.Ticket!;
                await lines.AddAsync(BotLine(ticket, $"reopened by {staffName}"), cancellationToken).ConfigureAwait(false);
                await OnPlaceAsync(ticket, "reopen the place", c => c.ReopenPlaceAsync(ticket, cancellationToken), cancellationToken).ConfigureAwait(false);
                await SendToUserAsync(ticket, new OutboundMessage(Fill(ticket.Language, "tickets.reopened", ticket)), cancellationToken).ConfigureAwait(false);
                return new(result.Outcome, ticket, StaffText("tickets.staff.reopened", ticket, staff: staffName));
            case TicketOutcome.UserHasOpenTicket:
                return new(result.Outcome, ticket, StaffText("tickets.staff.user-has-another", result.Ticket!));
            default:
                return new(result.Outcome, ticket, StaffText("tickets.staff.not-closed", ticket));
        }
    }

    /// <summary>The user's rating of their closed ticket, 1–5, with an optional comment (redacted here); only the ticket's own user may rate it.</summary>
    public async Task<TicketResult> RateAsync(string channel, string userId, long ticketId, int rating, string? comment, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(ticketId, cancellationToken).ConfigureAwait(false) is not { } ticket || ticket.Channel != channel || ticket.UserId != userId)
            return TicketResult.NotFound;
        var scan = Scan(comment, SecretKinds.None);
        var rated = await store.RateAsync(ticketId, rating, scan.Kinds == SecretKinds.None ? scan.RedactedText.Trim() : null, cancellationToken).ConfigureAwait(false);
        if (rated.Succeeded && comment is null)
            metrics?.Rating(rating);
        return rated;
    }

    /// <summary>The question after closing: "How did the team do?" with buttons 1 to 5.</summary>
    public OutboundMessage RatingQuestion(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new OutboundMessage(Fill(ticket.Language, "tickets.rate", ticket))
        {
            Choices = [.. Enumerable.Range(TicketRules.LowestRating, TicketRules.HighestRating)
                .Select(n => new ChoiceButton(new string('⭐', n), ChoicePayload.Rate(ticket.Id, n)))],
        };
    }

    /// <summary>
    /// Warns about tickets quiet for <see cref="TicketOptions.InactivityWarning"/> (in the place and to the user), and
    /// closes those still quiet <see cref="TicketOptions.InactivityClose"/> after the warning. Returns how many it closed.
    /// </summary>
    public async Task<int> SweepInactiveAsync(CancellationToken cancellationToken)
    {
        var closed = 0;
        foreach (var listed in await store.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            if (listed.Place is null || !channels.ContainsKey(listed.Channel))
                continue;
            var now = clock.GetUtcNow();
            try
            {
                // Read again: the platform calls for the tickets before it take time, and a message meanwhile voids the warning.
                if (await store.GetAsync(listed.Id, cancellationToken).ConfigureAwait(false) is not { State: not TicketState.Closed } ticket)
                    continue;
                if (ticket.WarnedAt is { } warned && now - warned >= options.InactivityClose)
                {
                    var result = await CloseTicketAsync(ticket, StaffText("tickets.staff.inactive-reason", ticket), "bot", cancellationToken).ConfigureAwait(false);
                    closed += result.Succeeded ? 1 : 0;
                }
                else if (ticket.WarnedAt is null && now - ticket.QuietSince >= options.InactivityWarning)
                {
                    await store.MarkWarnedAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
                    await OnPlaceAsync(ticket, "post the inactivity warning in the place",
                        c => c.PostToPlaceAsync(ticket, StaffText("tickets.staff.inactive-warning", ticket), cancellationToken), cancellationToken).ConfigureAwait(false);
                    await SendToUserAsync(ticket, new OutboundMessage(Fill(ticket.Language, "tickets.inactive", ticket)), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Inactivity check of ticket {Ticket} failed", listed.Id);
            }
        }

        return closed;
    }

    /// <summary>The whole ticket as text: the opening summary and every line since.</summary>
    public async Task<TicketTranscript> TranscriptAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var all = await lines.ListAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
        return TicketTranscript.Build(ticket, all, Summary(ticket, lookup: null));
    }

    private async Task<RelayDecision> FromTicketUserAsync(Ticket ticket, string userName, string? text, SecretKinds redacted, string sourceId, bool inPlace,
        CancellationToken cancellationToken)
    {
        var scan = Scan(text, redacted);
        if (scan.Kinds != SecretKinds.None)
        {
            logger.LogWarning("A user message in ticket {Ticket} held a secret; it was not relayed", ticket.Id);
            var key = scan.Kinds.HasFlag(SecretKinds.RecoveryPhrase) ? "tickets.secret-phrase-stopped" : "tickets.secret-key-stopped";
            if (!inPlace)
                await OnPlaceAsync(ticket, "tell staff of a stopped secret",
                    c => c.PostToPlaceAsync(ticket, StaffText("tickets.staff.secret-from-user", ticket), cancellationToken), cancellationToken).ConfigureAwait(false);
            return new(RelayKind.Blocked, ticket, Warning: Fill(ticket.Language, key, ticket), Secret: scan.Kinds);
        }

        var words = scan.RedactedText.Trim();
        if (ticket.State == TicketState.Closed || words.Length == 0)
            return inPlace ? new(RelayKind.Stays, ticket) : RelayDecision.None;

        await lines.AddAsync(new TicketMessage(ticket.Id, sourceId, clock.GetUtcNow(), TicketAuthor.User, userName, words), cancellationToken).ConfigureAwait(false);
        ticket = (await store.TouchAsync(ticket.Id, staffAnswer: false, cancellationToken).ConfigureAwait(false)).Ticket ?? ticket;
        return inPlace ? new(RelayKind.Stays, ticket) : new(RelayKind.Relay, ticket, StaffText("tickets.staff.user-says", ticket, staff: userName) + "\n" + words);
    }

    private async Task<TicketResult> CloseTicketAsync(Ticket ticket, string reason, string closedBy, CancellationToken cancellationToken)
    {
        var result = await store.CloseAsync(ticket.Id, reason, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            return result;
        var closed = result.Ticket!;
        metrics?.Ticket(closed.Channel, "closed");
        await lines.AddAsync(BotLine(closed, $"closed by {closedBy}"), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Ticket {Ticket} closed", closed.Id);
        // The user reads "closed: why" first, then their copy of the transcript (sent with the place's closing), then the rating question.
        await SendToUserAsync(closed, new OutboundMessage(Fill(closed.Language, "tickets.closed", closed, reason: closed.CloseReason)), cancellationToken)
            .ConfigureAwait(false);
        var transcript = await TranscriptAsync(closed, cancellationToken).ConfigureAwait(false);
        await OnPlaceAsync(closed, "close the place", c => c.ClosePlaceAsync(closed, transcript, cancellationToken), cancellationToken).ConfigureAwait(false);
        await SendToUserAsync(closed, RatingQuestion(closed), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The platform failing at the place (archiving, reopening, a notice: a missing permission, an outage) must not stop
    /// the rest: the store already holds the ticket's new state, the user is still told, a secret still stopped.
    /// </summary>
    private async Task OnPlaceAsync(Ticket ticket, string what, Func<ITicketChannel, Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action(Channel(ticket)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not {What} (ticket {Ticket})", what, ticket.Id);
        }
    }

    /// <summary>A user who blocked the bot or left must not stop the ticket's own work.</summary>
    private async Task SendToUserAsync(Ticket ticket, OutboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await Channel(ticket).SendToUserAsync(ticket, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not reach the user of ticket {Ticket}", ticket.Id);
        }
    }

    private async Task<string> OpeningAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        string? lookup = null;
        if (chainLookup is not null && ticket.Form.TxHash is { Length: > 0 } hash)
        {
            try
            {
                lookup = await lookupReport.DescribeQueryAsync(chainLookup, hash, options.StaffLanguage, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Lookup for ticket {Ticket} failed", ticket.Id);
            }
        }

        return Summary(ticket, lookup);
    }

    /// <summary>What staff read first: who, the form, the conversation before, and the lookup.</summary>
    private string Summary(Ticket ticket, string? lookup)
    {
        var text = new StringBuilder();
        text.Append(StaffText("tickets.staff.opening", ticket)).Append('\n');
        Field("tickets.staff.what", ticket.Form.WhatHappened);
        Field("tickets.staff.network", content.Networks.TryGetValue(ticket.Form.Network, out var network) ? network.Name : ticket.Form.Network);
        Field("tickets.staff.tx", ticket.Form.TxHash is { Length: > 0 } tx ? "`" + tx + "`" : null);
        if (ticket.Context is { Length: > 0 } context)
            text.Append('\n').Append("**").Append(StaffText("tickets.staff.context", ticket)).Append("**\n").Append(context.TrimEnd()).Append('\n');
        if (lookup is { Length: > 0 })
            text.Append('\n').Append("**").Append(StaffText("tickets.staff.lookup", ticket)).Append("**\n").Append(lookup.TrimEnd()).Append('\n');
        text.Append('\n').Append(Placeholders.Fill(Text(options.StaffLanguage, "tickets.staff.how-to"), content, options.StaffLanguage, NoSlots,
            new Dictionary<string, string> { ["note_prefix"] = options.NotePrefix }));
        return text.ToString();

        void Field(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                text.Append("**").Append(StaffText(key, ticket)).Append("** ").Append(value.Trim()).Append('\n');
        }
    }

    /// <summary>"The team is on duty" or "someone will answer from Monday 09:00 (Europe/Moscow)".</summary>
    private string HoursNotice(string language)
    {
        if (hours is null)
            return Text(language, "tickets.hours.always");
        var now = clock.GetUtcNow();
        if (hours.IsOpen(now))
            return Text(language, "tickets.hours.open");
        var next = hours.NextOpening(now);
        var when = next is { } at ? DayAndTime(TimeZoneInfo.ConvertTime(at, hours.Zone).DateTime, language) + " (" + hours.Zone.Id + ")" : "";
        return Placeholders.Fill(Text(language, "tickets.hours.closed"), content, language, NoSlots,
            new Dictionary<string, string> { ["when"] = when, ["hours"] = options.TeamHours! });
    }

    /// <summary>
    /// "Wednesday 16 January, 09:00", "среда 16 января, 09:00". The Russian names are written out: the bot runs with
    /// invariant globalization, where the invariant culture (English names) is the only one and asking for ru-RU throws.
    /// </summary>
    private static string DayAndTime(DateTime local, string language) =>
        language == "ru"
            ? string.Create(CultureInfo.InvariantCulture, $"{RussianDays[(int)local.DayOfWeek]} {local.Day} {RussianMonths[local.Month - 1]}, {local:HH:mm}")
            : local.ToString("dddd d MMMM, HH:mm", CultureInfo.InvariantCulture);

    private static readonly string[] RussianDays = ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"];

    // In the genitive, as after a day number.
    private static readonly string[] RussianMonths =
        ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];

    private string Where(ITicketChannel channel, Ticket ticket, string language) =>
        channel.PlaceReference(ticket) is { } reference
            ? Placeholders.Fill(Text(language, "tickets.where.thread"), content, language, NoSlots, new Dictionary<string, string> { ["place"] = reference })
            : Text(language, "tickets.where.private");

    private ITicketChannel Channel(Ticket ticket) => channels[ticket.Channel];

    private TicketMessage BotLine(Ticket ticket, string text) =>
        new(ticket.Id, $"bot:{ticket.Id}:{clock.GetUtcNow().ToUnixTimeMilliseconds()}:{text}", clock.GetUtcNow(), TicketAuthor.Bot, "bot", text);

    private static SecretScan Scan(string? text, SecretKinds redacted)
    {
        var scan = SecretGuard.Scan(text ?? "");
        return scan with { Kinds = scan.Kinds | redacted };
    }

    private static TicketCommandReply NotATicket() => new(TicketOutcome.NotFound, null, "");

    private string Text(string language, string key) => content.Texts.Get(language, key);

    private string StaffText(string key, Ticket ticket, string? staff = null, string? reason = null) => Fill(options.StaffLanguage, key, ticket, staff: staff, reason: reason);

    private string Fill(string language, string key, Ticket ticket, string? place = null, string? staff = null, string? reason = null) =>
        Placeholders.Fill(Text(language, key), content, language, NoSlots, new Dictionary<string, string>
        {
            ["ticket"] = ticket.Id.ToString(CultureInfo.InvariantCulture),
            ["place"] = place ?? "",
            ["staff"] = staff ?? "",
            ["reason"] = reason ?? "",
            ["user"] = ticket.UserId,
            ["channel"] = ticket.Channel,
            ["language"] = ticket.Language,
            ["warning_after"] = Duration(options.InactivityWarning),
            ["close_after"] = Duration(options.InactivityClose),
        });

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min");

    private static readonly IReadOnlyDictionary<string, string> NoSlots = new Dictionary<string, string>();
}
