using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Figures;
using SupportBot.Core.Lookup;
using SupportBot.Core.Messages;
using SupportBot.Core.Scams;
using SupportBot.Core.Telemetry;
using SupportBot.Core.Tickets;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Conversations;

/// <summary>
/// The one entry point every channel calls: load the conversation, run the turn, save it with optimistic
/// concurrency, and never leave a user stuck — an unexpected error resets the conversation to the menu.
/// </summary>
public sealed class ConversationEngine
{
    private const int MaxSaveAttempts = 5;

    private readonly TriageService triage;
    private readonly IConversationStore store;
    private readonly TimeProvider time;
    private readonly ILogger<ConversationEngine> logger;
    private readonly TurnLogic logic;
    private readonly StepRenderer renderer;
    private readonly TimeSpan idleExpiry;
    private readonly TimeSpan progressAfter;
    private readonly IChainLookup? chainLookup;
    private readonly IConversationEvents? events;
    private readonly LookupReport lookupReport;
    private readonly TicketDesk? desk;
    private readonly ScamGuard? scams;
    private readonly BotMetrics? metrics;
    private readonly KeyedLock locks = new();

    // chainLookup: on-chain lookup for steps that ask for one; without it those steps give their general advice.
    // events: where the figures' events go; without it nothing is recorded.
    // desk: tickets to the team, on the channels it has set up; without it (the console) the team is not offered.
    // scams: warns about dangerous links users send; without it links are not checked.
    // metrics: turns, clarifications, secrets and lookups counted for the host's exporter; without it nothing is counted.
    // fixLinks: the "fix it in MetaMask" page's links under lookup reports; without it (or unconfigured) the manual steps only.
    public ConversationEngine(ContentCatalog content, TriageService triage, IConversationStore store,
        IOptions<ConversationOptions> options, TimeProvider time, ILogger<ConversationEngine> logger, IChainLookup? chainLookup = null,
        IConversationEvents? events = null, TicketDesk? desk = null, ScamGuard? scams = null, BotMetrics? metrics = null, Fix.FixLinks? fixLinks = null)
    {
        this.scams = scams;
        this.metrics = metrics;
        this.events = events;
        this.desk = desk;
        this.chainLookup = chainLookup;
        lookupReport = new LookupReport(content);
        progressAfter = options.Value.LookupProgressAfter;
        this.triage = triage;
        this.store = store;
        this.time = time;
        this.logger = logger;
        renderer = new StepRenderer(content);
        logic = new TurnLogic(content, triage, renderer, desk?.Options.StaffLanguage ?? TextCatalog.DefaultLanguage, fixLinks);
        idleExpiry = options.Value.IdleExpiry;
    }

    public Task<TurnResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken) =>
        HandleAsync(message, progress: null, cancellationToken);

    /// <summary>
    /// One turn. <paramref name="progress"/>, when given, is called with a message to show at once if a lookup is slow.
    /// </summary>
    public async Task<TurnResult> HandleAsync(InboundMessage message, Func<OutboundMessage, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        // Every line logged during the turn, by any part of the bot, names the conversation (never its words).
        using var logScope = logger.BeginScope("Conversation {Conversation}", message.ConversationKey);

        // Secrets are cut out before the text goes anywhere else: it is never stored or logged in full.
        var triaged = message.Text is null ? null : triage.Analyze(message.Text);
        if (message.RedactedSecret != SecretKinds.None)
        {
            triaged = (triaged ?? triage.Analyze("")) with { Secret = (triaged?.Secret ?? SecretKinds.None) | message.RedactedSecret };
        }

        var key = message.ConversationKey;
        using var held = await locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);

        Turn? turn = null;
        var keepAnswered = false;
        (LookupReport.Result Report, bool Incomplete)? report = null;
        RatingSaved? rated = null;
        var ticketsAvailable = desk?.IsAvailable(message.Channel) == true;
        try
        {
            for (var attempt = 1; attempt <= MaxSaveAttempts; attempt++)
            {
                var stored = await LoadAsync(key, cancellationToken).ConfigureAwait(false);
                if (message.Id is not null && stored is { Before: { } before } && stored.LastMessageId == message.Id)
                {
                    return await AnswerAgainAsync(before with { TicketsAvailable = ticketsAvailable }, message, triaged, progress, cancellationToken).ConfigureAwait(false);
                }

                var state = (stored ?? logic.NewConversation(key, message.Locale)) with { TicketsAvailable = ticketsAvailable };
                if (rated is null && logic.RatingFor(state, message, triaged) is { } rating)
                {
                    // Given to the desk once, even if the save below has to be retried.
                    rated = await RateAsync(rating, message, cancellationToken).ConfigureAwait(false);
                }

                turn = Decide(state, message, triaged, isNew: stored is null, rated ?? RatingSaved.NotAsked);
                if (chainLookup is not null && logic.LookupNeeded(state, turn) is { } lookup)
                {
                    // Done once, even if the save below has to be retried.
                    report ??= await LookUpAsync(lookup.Kind, lookup.Value, turn.State, progress, cancellationToken).ConfigureAwait(false);
                    turn = report is { } done ? logic.WithLookup(turn, done.Report, done.Incomplete) : turn;
                }

                // Final advice stays in the chat: what follows it goes below, not over it.
                keepAnswered = stored is not null && renderer.Step(state).IsTerminal;

                var now = time.GetUtcNow();
                var saved = turn.State with
                {
                    Version = state.Version + 1,
                    UpdatedAt = now,
                    LastMessageId = message.Id,
                    Before = message.Id is null ? null : state with { LastMessageId = null, Before = null },
                };
                if (await store.TrySaveAsync(saved, state.Version, now + idleExpiry, cancellationToken).ConfigureAwait(false))
                {
                    logger.LogDebug("Turn in {Conversation}: {Scenario}/{Step}", key, saved.ScenarioId, saved.StepId);
                    await RecordAsync(Events(state, turn, triaged, isNew: stored is null, now), cancellationToken).ConfigureAwait(false);
                    Count(message.Channel, turn, triaged);
                    if (turn.Ticket is { } request)
                    {
                        turn = turn with { Replies = [.. turn.Replies, .. await OpenTicketAsync(request, saved, cancellationToken).ConfigureAwait(false)] };
                    }

                    return Result(turn, keepAnswered, message);
                }

                // Another instance answered this conversation in between: run the turn again on its state.
                logger.LogInformation("Conversation {Conversation} changed concurrently; retrying turn (attempt {Attempt})", key, attempt);
            }

            logger.LogWarning("Conversation {Conversation} kept changing; answered without saving", key);
            if (turn!.Ticket is not null)
            {
                // Not saved, so not sent: the form is still open for another try.
                turn = turn with { Replies = [.. turn.Replies, new OutboundMessage(renderer.Text(turn.State, "ticket-form.not-sent"))] };
            }

            return Result(turn, keepAnswered, message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Storing conversation {Conversation} failed", key);
            var fallback = logic.Reset(logic.NewConversation(key, message.Locale) with { Language = turn?.State.Language ?? TurnLogic.LanguageFromLocale(message.Locale) });
            return Result(fallback with { SecretDetected = triaged?.Secret is not null and not SecretKinds.None }, keepAnswered: false, message);
        }
    }

    /// <summary>Opens the ticket the form asked for; the user is told the outcome, and never sees the desk fail as a crash.</summary>
    private async Task<IReadOnlyList<OutboundMessage>> OpenTicketAsync(TicketRequest request, ConversationState state, CancellationToken cancellationToken)
    {
        if (desk is null)
        {
            return [new OutboundMessage(renderer.Text(state, "tickets.unavailable")), renderer.Render(state)];
        }

        try
        {
            var opening = await desk.OpenAsync(request, cancellationToken).ConfigureAwait(false);
            // Opened: the conversation goes on with the team, so no menu under it. Not opened: the way on from here.
            return opening.Outcome is TicketOpeningOutcome.Opened or TicketOpeningOutcome.AlreadyOpen
                ? [new OutboundMessage(opening.Message)]
                : [new OutboundMessage(opening.Message), renderer.Render(state)];
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Opening a ticket for {Conversation} failed", request.ConversationKey);
            return [new OutboundMessage(renderer.Text(state, "ticket-form.not-sent")), renderer.Render(state)];
        }
    }

    /// <summary>Gives a rating (or its comment) to the desk; what it answers decides the reply.</summary>
    /// <summary>
    /// The answer to a message whose turn is already stored (it came again after a crash between saving the turn and
    /// committing its answer): the same turn worked out from the state before it, with nothing saved, counted or
    /// recorded a second time. A rating it gave is not given again.
    /// </summary>
    private async Task<TurnResult> AnswerAgainAsync(ConversationState before, InboundMessage message, TriageResult? triaged,
        Func<OutboundMessage, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        logger.LogInformation("Message {MessageId} was answered before the answer was committed; answering it again", message.Id);
        var isNew = before.Version == 0;
        var rated = logic.RatingFor(before, message, triaged) is null ? RatingSaved.NotAsked : RatingSaved.Saved;
        var turn = Decide(before, message, triaged, isNew, rated);
        if (chainLookup is not null && logic.LookupNeeded(before, turn) is { } lookup
            && await LookUpAsync(lookup.Kind, lookup.Value, turn.State, progress, cancellationToken).ConfigureAwait(false) is { } done)
        {
            turn = logic.WithLookup(turn, done.Report, done.Incomplete);
        }

        return Result(turn, keepAnswered: !isNew && renderer.Step(before).IsTerminal, message);
    }

    private async Task<RatingSaved> RateAsync(RatingRequest rating, InboundMessage message, CancellationToken cancellationToken)
    {
        if (desk is null)
        {
            return RatingSaved.Refused;
        }

        try
        {
            var result = await desk.RateAsync(message.Channel, message.UserId, rating.Ticket, rating.Rating, rating.Comment, cancellationToken).ConfigureAwait(false);
            return result.Outcome switch
            {
                TicketOutcome.Done => RatingSaved.Saved,
                TicketOutcome.WrongState => RatingSaved.NotClosed,
                _ => RatingSaved.Refused,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Rating ticket {Ticket} failed", rating.Ticket);
            return RatingSaved.Failed;
        }
    }

    /// <returns>The report, and whether it was incomplete (a transaction still pending, a network not reached); null when the lookup failed.</returns>
    private async Task<(LookupReport.Result Report, bool Incomplete)?> LookUpAsync(LookupKind kind, string value, ConversationState state,
        Func<OutboundMessage, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        try
        {
            var slots = state.Slots;
            var lookup = Run();
            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var slow = Task.Delay(progressAfter, time, stopWaiting.Token);
            var first = progress is null ? lookup : await Task.WhenAny(lookup, slow).ConfigureAwait(false);
            await stopWaiting.CancelAsync().ConfigureAwait(false);
            if (first != lookup)
            {
                await progress!(new OutboundMessage(lookupReport.Progress(state.Language, slots, chainLookup!.NetworkCount)), cancellationToken).ConfigureAwait(false);
            }

            return await lookup.ConfigureAwait(false);

            async Task<(LookupReport.Result, bool)> Run()
            {
                var started = time.GetTimestamp();
                if (kind == LookupKind.Transaction)
                {
                    var transaction = await chainLookup!.FindTransactionAsync(value, cancellationToken).ConfigureAwait(false);
                    metrics?.Lookup("transaction", transaction.Found.FirstOrDefault()?.Network ?? "none",
                        Outcome(transaction.Found.Count > 0, transaction.Unreachable.Count > 0), time.GetElapsedTime(started));
                    return (lookupReport.Describe(transaction, state.Language, slots),
                        transaction.Unreachable.Count > 0 || transaction.Found.Any(f => f.Status == TransactionStatus.Pending));
                }

                var address = await chainLookup!.FindAddressAsync(value, null, cancellationToken).ConfigureAwait(false);
                var used = address.Networks.FirstOrDefault(n => n.IsContract || n.TransactionCount > 0 || n.Balance > 0 || n.Tokens.Count > 0);
                metrics?.Lookup("address", used?.Network ?? "none", Outcome(used is not null, address.Unreachable.Count > 0), time.GetElapsedTime(started));
                return (lookupReport.Describe(address, state.Language, slots), address.Unreachable.Count > 0);
            }

            static string Outcome(bool found, bool incomplete) => (found, incomplete) switch
            {
                (true, _) => "found",
                (false, true) => "incomplete",
                _ => "not_found",
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The step's general advice still helps; a broken lookup must not cost the user the conversation.
            logger.LogError(ex, "Lookup of {Kind} failed in {Conversation}", kind, state.Key);
            metrics?.Lookup(kind == LookupKind.Transaction ? "transaction" : "address", "none", "error", TimeSpan.Zero);
            return null;
        }
    }

    private void Count(string channel, Turn turn, TriageResult? triaged)
    {
        if (metrics is null)
        {
            return;
        }

        metrics.Turn(channel, turn.Intent);
        if (turn.NotUnderstood)
        {
            metrics.Clarification(channel, asked: triaged?.Clarify == true);
        }

        if (triaged?.Secret is not null and not SecretKinds.None)
        {
            metrics.SecretCaught(channel);
        }
    }

    private async Task<ConversationState?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(key, cancellationToken).ConfigureAwait(false);
        if (state is null || renderer.Content.Scenarios.TryGetValue(state.ScenarioId, out var scenario) && scenario.Steps.ContainsKey(state.StepId))
        {
            return state;
        }

        // Content changed since this state was saved and its step is gone: continue from the menu, keep the language.
        logger.LogInformation("Conversation {Conversation} was at a step that no longer exists; back to the menu", key);
        return logic.Reset(state).State;
    }

    private Turn Decide(ConversationState state, InboundMessage message, TriageResult? triaged, bool isNew, RatingSaved rated)
    {
        try
        {
            return logic.Decide(state, message, triaged, isNew, rated);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Turn failed in {Conversation} at {Scenario}/{Step}; resetting to the menu", state.Key, state.ScenarioId, state.StepId);
            return logic.Reset(state) with { SecretDetected = triaged?.Secret is not null and not SecretKinds.None };
        }
    }

    /// <summary>What this turn adds to the figures. A message holding a secret adds nothing of its text.</summary>
    private List<ConversationEvent> Events(ConversationState before, Turn turn, TriageResult? triaged, bool isNew, DateTimeOffset now)
    {
        var list = new List<ConversationEvent>();
        var key = before.Key;
        var after = turn.State;
        if (isNew)
        {
            list.Add(new ConversationEvent(now, key, ConversationEventKind.Started));
        }

        if (turn.Intent is { } intent)
        {
            list.Add(new ConversationEvent(now, key, ConversationEventKind.IntentFollowed, intent));
        }

        if (after.ScenarioId != before.ScenarioId && after.ScenarioId != ContentCatalog.MenuScenario)
        {
            list.Add(new ConversationEvent(now, key, ConversationEventKind.ScenarioEntered, after.ScenarioId));
        }

        var arrived = after.ScenarioId != before.ScenarioId || after.StepId != before.StepId;
        if (arrived && renderer.Step(after).IsTerminal)
        {
            list.Add(new ConversationEvent(now, key, ConversationEventKind.FinalAdvice, StepRenderer.StepKey(after)));
        }

        if (turn.Solved is { } solved)
        {
            list.Add(new ConversationEvent(now, key, solved ? ConversationEventKind.Solved : ConversationEventKind.Unsolved, StepRenderer.StepKey(before)));
        }

        if (turn.Escalated is { } from)
        {
            list.Add(new ConversationEvent(now, key, ConversationEventKind.Escalated, from));
        }

        if (turn.NotUnderstood && !turn.SecretDetected && triaged is { Secret: SecretKinds.None } && NotUnderstoodText.Normalize(triaged.RedactedText) is { Length: > 0 } text)
        {
            list.Add(new ConversationEvent(now, key, ConversationEventKind.NotUnderstood, text));
        }

        return list;
    }

    /// <summary>Figures are worth less than the answer: a store that fails to record them is logged, never felt by the user.</summary>
    private async Task RecordAsync(List<ConversationEvent> happened, CancellationToken cancellationToken)
    {
        if (events is null || happened.Count == 0)
        {
            return;
        }

        try
        {
            await events.RecordAsync(happened, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Recording {Count} conversation event(s) failed", happened.Count);
        }
    }

    // A dangerous link in what the user wrote (often a forwarded "support" message) is called out before anything else.
    private TurnResult Result(Turn turn, bool keepAnswered, InboundMessage message) =>
        new(scams?.LinkWarning(message.Text, message.ShownLinks, turn.State.Language) is { } warning ? [warning, .. turn.Replies] : turn.Replies,
            turn.SecretDetected, turn.State.ScenarioId, turn.State.StepId) { KeepAnswered = keepAnswered };
}
