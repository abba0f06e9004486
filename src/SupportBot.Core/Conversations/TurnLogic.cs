using System.Globalization;
using SupportBot.Core.Content;
using SupportBot.Core.Intents;
using SupportBot.Core.Lookup;
using SupportBot.Core.Messages;
using SupportBot.Core.Tickets;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Conversations;

/// <summary>
/// The state machine: given where a conversation is and what the user sent, where it goes and what the bot says.
/// Pure — no I/O — so every branch is cheap to test and the engine around it owns storage, locking and errors.
/// </summary>
/// <remarks><paramref name="staffLanguage"/>: the language of what a ticket tells staff about the conversation.</remarks>
internal sealed class TurnLogic(ContentCatalog content, TriageService triage, StepRenderer renderer, string staffLanguage = TextCatalog.DefaultLanguage,
    Fix.FixLinks? fixLinks = null)
{
    // Back goes a few steps, not dozens: every typed question that opens a scenario pushes a frame, and the whole
    // history is read and written with the state on every turn (a deeper one cost a third of a typed turn).
    private const int MaxHistory = 10;

    private readonly TypedAnswers answers = new(content);

    private readonly TicketForms forms = new(content, renderer, staffLanguage);

    public ConversationState NewConversation(string key, string? locale) => new()
    {
        Key = key,
        Language = LanguageFromLocale(locale),
        ScenarioId = ContentCatalog.MenuScenario,
        StepId = content.Menu.Start,
    };

    public static string LanguageFromLocale(string? locale) => TextCatalog.LanguageFromLocale(locale);

    /// <summary>
    /// One turn. <paramref name="triaged"/> is the analysis of <see cref="InboundMessage.Text"/>, if any;
    /// <paramref name="rated"/>, what the ticket desk did with the rating or comment <see cref="RatingFor"/> found in the message.
    /// </summary>
    public Turn Decide(ConversationState state, InboundMessage message, TriageResult? triaged, bool isNew, RatingSaved rated = RatingSaved.NotAsked)
    {
        var replies = new List<OutboundMessage>();
        var languagePromptOpen = state.LanguagePromptOpen;
        var openClarification = state.OpenClarification;
        var awaitingComment = state.RatingAwaitingComment;
        state = state with { LanguagePromptOpen = false, OpenClarification = null, RatingAwaitingComment = null };
        if (triaged is not null && !state.LanguageChosen && (triaged.LanguageConfident || isNew && triaged.Language != state.Language && triaged.Language == "ru"))
        {
            state = state with { Language = triaged.Language };
        }

        if (isNew)
        {
            replies.Add(new OutboundMessage(renderer.Text(state, "common.welcome")));
        }

        if (triaged is { Secret: not SecretKinds.None })
        {
            // The message is treated as leaked; nothing else in it is acted on.
            var key = triaged.Secret.HasFlag(SecretKinds.RecoveryPhrase) ? "common.secret.recovery-phrase" : "common.secret.private-key";
            replies.Add(new OutboundMessage(renderer.Text(state, key)) { Kind = MessageKind.Warning });
            replies.Add(Show(state));
            return new Turn(state, replies, SecretDetected: true);
        }

        if (message.Payload is { } pressed && IsRating(pressed))
        {
            return OnRated(state, pressed, rated, replies);
        }

        if (awaitingComment is not null && IsComment(message, triaged))
        {
            return OnCommented(state, rated, replies);
        }

        if (state.TicketDraft is { } draft)
        {
            if (OnForm(state, draft, message, triaged, replies) is { } filling)
            {
                return filling;
            }

            // The user went elsewhere (a button from above, "menu"): the form is left unsent.
            state = state with { TicketDraft = null };
        }

        if (message.Payload is { Length: > 0 } payload)
        {
            return OnPayload(state, payload, replies, isNew);
        }

        var text = triaged?.RedactedText.Trim() ?? "";
        if (text.Length == 0)
        {
            // An empty message (a bare "start" button, an attachment without text): show where we are.
            if (!isNew)
            {
                replies.Add(Notice(state, "common.empty-input"));
            }

            replies.Add(renderer.Render(state));
            return new Turn(state, replies);
        }

        return OnText(state, text, triaged!, replies, isNew, languagePromptOpen, openClarification);
    }

    /// <summary>
    /// The lookup this turn calls for: the conversation arrived at a step that looks up its <c>tx</c> or
    /// <c>address</c> slot (or that slot changed there). Null when none.
    /// </summary>
    public (LookupKind Kind, string Value)? LookupNeeded(ConversationState before, Turn turn)
    {
        var after = turn.State;
        var step = renderer.Step(after);
        var slot = step.Lookup switch
        {
            LookupKind.Transaction => Slots.Transaction,
            LookupKind.Address => Slots.Address,
            _ => null,
        };
        if (slot is null || after.Slots.GetValueOrDefault(slot) is not { } value)
        {
            return null;
        }

        var arrived = before.ScenarioId != after.ScenarioId || before.StepId != after.StepId || before.Slots.GetValueOrDefault(slot) != value;
        return (arrived || turn.LookUpAgain) && !turn.SecretDetected ? (step.Lookup, value) : null;
    }

    /// <summary>
    /// Puts a lookup's report in front of the step's text and keeps what it found (the network) as slots.
    /// <paramref name="incomplete"/>: the transaction was pending or a network could not be reached, so the step
    /// offers to check again.
    /// </summary>
    public Turn WithLookup(Turn turn, LookupReport.Result report, bool incomplete)
    {
        var slots = new Dictionary<string, string>(turn.State.Slots, StringComparer.Ordinal);
        foreach (var (name, value) in report.Slots)
        {
            slots[name] = value;
        }

        var state = turn.State with { Slots = slots, RecheckStep = incomplete ? StepRenderer.StepKey(turn.State) : null };
        // Where the funds are to be seen, the report offers the page that switches MetaMask there in one tap.
        var fixLink = report.Fix is { } target ? fixLinks?.Create(target, state.Language) : null;
        var reportMessage = new OutboundMessage(report.Text)
        {
            Links = fixLink is null ? [] : [new LinkButton(renderer.Text(state, Fix.FixPageTexts.Button), fixLink)],
        };
        List<OutboundMessage> replies = [.. turn.Replies.Take(turn.Replies.Count - 1), reportMessage, renderer.Render(state)];
        return turn with { State = state, Replies = replies };
    }

    /// <summary>The turn after an unexpected error: back to the menu with an apology.</summary>
    public Turn Reset(ConversationState state)
    {
        var fresh = AtMenu(state);
        return new Turn(fresh, [new OutboundMessage(renderer.Text(fresh, "common.error-reset")), renderer.Render(fresh)]);
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private Turn OnPayload(ConversationState state, string payload, List<OutboundMessage> replies, bool isNew = false)
    {
        if (ChoicePayload.TryParseCommand(payload, out var command, out var argument))
        {
            return OnCommand(state, command, argument, replies, isNew);
        }

        if (ChoicePayload.TryParseChoice(payload, out var scenario, out var step, out var index)
            && scenario == state.ScenarioId && step == state.StepId && index < renderer.Step(state).Choices.Count)
        {
            return Choose(state, renderer.Step(state).Choices[index], replies);
        }

        // A button from an earlier message: say so kindly and show where the user really is.
        replies.Add(Notice(state, "common.stale-button"));
        replies.Add(renderer.Render(state));
        return new Turn(state, replies);
    }

    private Turn OnText(ConversationState state, string text, TriageResult triaged, List<OutboundMessage> replies, bool isNew, bool languagePromptOpen,
        string? openClarification)
    {
        if (IsStartCommand(text))
        {
            return OnCommand(state, ChoicePayload.StartCommand, null, replies, isNew);
        }

        // "Start over" is also how the restart command is typed; answering the /start question, the button is meant.
        var typed = TextNormalizer.Tokenize(text);
        if (openClarification == StartQuestion
            && renderer.StartQuestion(state).Choices.FirstOrDefault(b => new Phrase(b.Label).Equals(typed)) is { } answer)
        {
            return OnPayload(state, answer.Payload, replies);
        }

        if (openClarification == TicketOffer && answers.Meaning(typed) is ("yes" or "no") and var said)
        {
            // "Talk to the team?" answered in words.
            return said == "yes" ? StartForm(state, replies) : OnPayload(state, forms.OfferChoices(state)[1].Payload, replies);
        }

        if (triage.MatchCommand(text) is { } command)
        {
            return OnCommand(state, command, null, replies, isNew);
        }

        if (answers.Language(typed) is { } language)
        {
            return OnCommand(state, GlobalCommandNames.Language, language, replies);
        }

        // A typed number or label picks from the buttons as shown: the language picker's or the network question's,
        // if that was shown last.
        var buttons = languagePromptOpen ? renderer.LanguagePrompt(state).Choices
            : openClarification is not null && Clarification(state, openClarification) is { } question ? question.Choices
            : renderer.Choices(state);
        if (int.TryParse(text.TrimEnd('.', ')'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number >= 1 && number <= buttons.Count)
        {
            return OnPayload(state, buttons[number - 1].Payload, replies);
        }

        if (answers.Button(buttons, typed) is { } labelled)
        {
            return OnPayload(state, labelled.Payload, replies);
        }

        return OnEntities(state, triaged, replies) ?? OnIntent(state, triaged, replies, isNew);
    }

    /// <summary>Hashes and addresses move the conversation forward wherever they are typed.</summary>
    private Turn? OnEntities(ConversationState state, TriageResult triaged, List<OutboundMessage> replies)
    {
        var step = renderer.Step(state);
        var scenario = content.Scenarios[state.ScenarioId];
        var entities = triaged.Entities;
        var tx = entities.Transactions.FirstOrDefault();
        var address = entities.Addresses.FirstOrDefault(a => a.Kind == AddressKind.Evm)?.Value;
        // The same hash or address again where it was looked up: the user wants a fresh answer (it was pending, say).
        if (step.Lookup == LookupKind.Transaction && tx is not null && tx == state.Slots.GetValueOrDefault(Slots.Transaction)
            || step.Lookup == LookupKind.Address && address is not null && address == state.Slots.GetValueOrDefault(Slots.Address))
        {
            return Recheck(state, replies);
        }

        var slots = new Dictionary<string, string>(StringComparer.Ordinal);
        if (triaged.Networks.Count == 1 && content.Networks.TryGetValue(triaged.Networks[0], out var named) && named.Active)
        {
            slots[Slots.Network] = named.Key;
        }

        // The step asked for exactly this.
        if (step.OnTransaction is { } txStep && tx is not null)
        {
            slots[Slots.Transaction] = tx;
            return GoTo(state, state.ScenarioId, txStep, slots, replies);
        }

        if (step.OnAddress is { } addressStep && address is not null)
        {
            slots[Slots.Address] = address;
            return GoTo(state, state.ScenarioId, addressStep, slots, replies);
        }

        if (entities.Addresses.Any(a => a.Kind == AddressKind.Bep2) || entities.Bep2TransactionHashes.Count > 0)
        {
            if (Route(TriageRoutes.Bep2) is { } bep2 && !(bep2.Scenario == state.ScenarioId && bep2.Step == state.StepId))
            {
                replies.Add(Notice(state, "common.detected.bep2"));
                return GoTo(state, bep2.Scenario, bep2.Step, slots, replies);
            }
        }

        if (entities.InvalidChecksumAddresses.Count > 0)
        {
            replies.Add(Notice(state, "common.detected.invalid-checksum"));
            replies.Add(renderer.Render(state));
            return new Turn(state, replies);
        }

        if (tx is not null)
        {
            slots[Slots.Transaction] = tx;
            var target = scenario.OnTransaction is { } own ? new StepAddress(scenario.Id, own, scenario.Source) : Route(TriageRoutes.Transaction);
            if (target is not null)
            {
                return GoTo(state, target.Scenario, target.Step, slots, replies);
            }
        }

        if (address is not null)
        {
            slots[Slots.Address] = address;
            var target = scenario.OnAddress is { } own ? new StepAddress(scenario.Id, own, scenario.Source) : Route(TriageRoutes.Address);
            if (target is not null)
            {
                return GoTo(state, target.Scenario, target.Step, slots, replies);
            }
        }

        // "0x123…" cut short where a hash or address is asked for: say what a complete one looks like.
        if ((step.OnTransaction ?? step.OnAddress) is not null && LookupQuery.FindMalformed(triaged.RedactedText)?.ProblemTextKey is { } problem)
        {
            replies.Add(Notice(state, problem));
            replies.Add(renderer.Render(state));
            return new Turn(state, replies);
        }

        if (entities.Addresses.FirstOrDefault(a => a.Kind is AddressKind.Tron or AddressKind.Bitcoin or AddressKind.Solana) is { } foreign)
        {
            replies.Add(Notice(state, "common.detected.non-evm-" + foreign.Kind.ToString().ToLowerInvariant()));
            replies.Add(renderer.Render(state));
            return new Turn(state, replies);
        }

        // "Binance Chain" is BNB Smart Chain to most people today and the retired BNB Beacon Chain to some: ask.
        if (triaged.AmbiguousNetworks.Count > 0 && triaged.Networks.Count == 0)
        {
            var scenarioToOpen = triaged.Scenario != TriageResult.NoScenario && triaged.Scenario != state.ScenarioId
                && content.Scenarios.ContainsKey(triaged.Scenario) ? triaged.Scenario : null;
            var open = triaged.AmbiguousNetworks[0] + (scenarioToOpen is null ? "" : ":" + scenarioToOpen);
            if (Clarification(state, open) is { } question)
            {
                replies.Add(question);
                return new Turn(state with { OpenClarification = open }, replies);
            }
        }

        // "BEP20" typed at "which network?" picks the choice that sets that network.
        if (slots.TryGetValue(Slots.Network, out var network)
            && step.Choices.FirstOrDefault(c => c.Set.GetValueOrDefault(Slots.Network) == network) is { } byNetwork)
        {
            return Choose(state, byNetwork, replies);
        }

        if (triaged.Networks.Any(n => content.Networks.TryGetValue(n, out var d) && !d.Active) && Route(TriageRoutes.Bep2) is { } retired
            && !(retired.Scenario == state.ScenarioId && retired.Step == state.StepId) && triaged.Scenario == retired.Scenario)
        {
            return GoTo(state, retired.Scenario, retired.Step, slots, replies);
        }

        return null;
    }

    private Turn OnIntent(ConversationState state, TriageResult triaged, List<OutboundMessage> replies, bool isNew)
    {
        var atMenu = state.ScenarioId == ContentCatalog.MenuScenario;
        if (content.Intents.TryGetValue(triaged.Intent, out var recognised) && (atMenu || recognised.Interrupts))
        {
            if (!triaged.Clarify)
            {
                return FollowIntent(state, triaged.Intent, NamedNetwork(triaged), replies);
            }
        }

        // Not sure: ask with the likeliest few rather than route on a guess — but mid-scenario a reply of a word or
        // two is an answer to the step, not a new problem to ask about.
        if (recognised is not null && triaged.Clarify && (atMenu || TextNormalizer.Tokenize(triaged.RedactedText).Count >= 3))
        {
            var open = IntentQuestionPrefix + string.Join(',', triaged.Alternatives.Prepend(new IntentScore(triaged.Intent, triaged.Confidence))
                .Where(a => content.Intents.ContainsKey(a.Intent) && a.Confidence >= MinOfferedConfidence).Select(a => a.Intent)
                .Append(NamedNetwork(triaged) is { } network ? NetworkMarker + network : ""));
            if (Clarification(state, open) is { } question)
            {
                replies.Add(question);
                return new Turn(state with { OpenClarification = open }, replies) { NotUnderstood = true };
            }
        }

        if (triaged.Scenario != TriageResult.NoScenario && triaged.Scenario != state.ScenarioId && content.Scenarios.ContainsKey(triaged.Scenario))
        {
            var slots = triaged.Networks.Count == 1 && content.Networks.GetValueOrDefault(triaged.Networks[0])?.Active == true
                ? new Dictionary<string, string> { [Slots.Network] = triaged.Networks[0] }
                : [];
            return GoTo(state, triaged.Scenario, null, slots, replies, keepSlots: false);
        }

        if (!isNew || state.ScenarioId != ContentCatalog.MenuScenario)
        {
            replies.Add(Notice(state, state.ScenarioId == ContentCatalog.MenuScenario ? "common.not-understood-menu" : "common.not-understood"));
        }

        replies.Add(renderer.Render(state));
        return new Turn(state, replies) { NotUnderstood = true };
    }

    private Turn OnCommand(ConversationState state, string command, string? argument, List<OutboundMessage> replies, bool isNew = false)
    {
        switch (command)
        {
            case GlobalCommandNames.Menu:
                var menu = AtMenu(state);
                replies.Add(renderer.Render(menu));
                return new Turn(menu, replies);
            case GlobalCommandNames.Restart:
                var scenario = content.Scenarios[state.ScenarioId];
                var restarted = state with { StepId = scenario.Start, Slots = Empty, History = [] };
                replies.Add(renderer.Render(restarted));
                return new Turn(restarted, replies);
            case GlobalCommandNames.Back:
                if (state.History.Count == 0)
                {
                    replies.Add(Notice(state, "common.nothing-to-go-back-to"));
                    replies.Add(renderer.Render(state));
                    return new Turn(state, replies);
                }

                var previous = state.History[^1];
                var back = state with
                {
                    ScenarioId = previous.ScenarioId,
                    StepId = previous.StepId,
                    Slots = previous.Slots,
                    History = [.. state.History.Take(state.History.Count - 1)],
                };
                replies.Add(renderer.Render(back));
                return new Turn(back, replies);
            case GlobalCommandNames.Help:
                replies.Add(new OutboundMessage(renderer.Text(state, "common.help")));
                replies.Add(renderer.Render(state));
                return new Turn(state, replies);
            case GlobalCommandNames.Language when argument is not null && content.Texts.ByLanguage.ContainsKey(argument):
                var switched = state with { Language = argument, LanguageChosen = true };
                replies.Add(Notice(switched, "common.language-set"));
                replies.Add(renderer.Render(switched));
                return new Turn(switched, replies);
            case GlobalCommandNames.Language:
                replies.Add(renderer.LanguagePrompt(state));
                return new Turn(state with { LanguagePromptOpen = true }, replies);
            case ChoicePayload.NetworkCommand when argument is not null:
                return OnNetworkAnswer(state, argument, replies);
            case GlobalCommandNames.Intent when argument is { Length: > 0 } && content.Intents.ContainsKey(argument.Split('@', 2)[0]):
                var picked = argument.Split('@', 2);
                var pickedNetwork = picked.Length > 1 && content.Networks.GetValueOrDefault(picked[1])?.Active == true ? picked[1] : null;
                return FollowIntent(state, picked[0], pickedNetwork, replies);
            case GlobalCommandNames.Intent:
                // "Something else": say what the bot can do and show where the user is.
                replies.Add(Notice(state, state.ScenarioId == ContentCatalog.MenuScenario ? "common.not-understood-menu" : "common.not-understood"));
                replies.Add(renderer.Render(state));
                return new Turn(state, replies);
            case GlobalCommandNames.Scenario when argument is not null && content.Scenarios.ContainsKey(argument):
                return GoTo(state, argument, null, Empty, replies, keepSlots: false);
            case ChoicePayload.StartCommand when isNew || state.ScenarioId == ContentCatalog.MenuScenario:
                return OnCommand(state, GlobalCommandNames.Menu, null, replies, isNew);
            case ChoicePayload.StartCommand:
                // Mid-conversation: ask rather than wipe what the user has told so far.
                replies.Add(renderer.StartQuestion(state));
                return new Turn(state with { OpenClarification = StartQuestion }, replies);
            case ChoicePayload.ContinueCommand:
                replies.Add(renderer.Render(state));
                return new Turn(state, replies);
            case ChoicePayload.RecheckCommand:
                return Recheck(state, replies);
            case ChoicePayload.SolvedCommand or ChoicePayload.UnsolvedCommand when renderer.Step(state).IsTerminal:
                return OnFeedback(state, command == ChoicePayload.SolvedCommand, replies);
            case ChoicePayload.TicketCommand when argument is null:
                return StartForm(state, replies);
            case GlobalCommandNames.Resume:
                if (!isNew)
                {
                    replies.Add(Notice(state, "common.welcome-back"));
                }

                replies.Add(renderer.Render(state));
                return new Turn(state, replies);
            default:
                replies.Add(Notice(state, isNew ? "common.not-understood-menu" : "common.stale-button"));
                replies.Add(renderer.Render(state));
                return new Turn(state, replies);
        }
    }

    /// <summary>
    /// The answer to "Did this solve it?" under final advice: thanks, or what a person from the team can do. The
    /// conversation goes back to the menu — the advice stays in the chat above — except when the team can be asked
    /// right here: then it stays at the advice, with the offer, so the ticket form can say what it was about.
    /// </summary>
    private Turn OnFeedback(ConversationState state, bool solved, List<OutboundMessage> replies)
    {
        if (!solved && state.TicketsAvailable)
        {
            replies.Add(forms.Offer(state, "ticket-form.unsolved", []));
            return new Turn(state with { OpenClarification = TicketOffer }, replies) { Solved = false };
        }

        var menu = AtMenu(state);
        if (solved)
        {
            replies.Add(Notice(state, "common.feedback.thanks"));
        }
        else
        {
            replies.Add(Notice(state, "common.feedback.sorry"));
            if (content.Intents.TryGetValue(HumanIntent, out var human))
            {
                replies.Add(new OutboundMessage(renderer.Text(state, IntentTextKeys.Answer(HumanIntent))) { Links = renderer.LinkButtons(state, human.Links) });
            }
        }

        replies.Add(renderer.Render(menu));
        return new Turn(menu, replies) { Solved = solved };
    }

    /// <summary>
    /// The rating (or its comment) in this message, for the engine to give the ticket desk before the turn: a rating
    /// button, or the first typed message after one. Null when there is none, or the message held a secret.
    /// </summary>
    public RatingRequest? RatingFor(ConversationState state, InboundMessage message, TriageResult? triaged)
    {
        if (triaged is { Secret: not SecretKinds.None })
        {
            return null;
        }

        if (message.Payload is { } payload)
        {
            return IsRating(payload) && ParseRating(payload) is { } rating ? new RatingRequest(rating.Ticket, rating.Rating, null) : null;
        }

        return state.RatingAwaitingComment is { } pending && IsComment(message, triaged)
            ? new RatingRequest(pending.Ticket, pending.Rating, triaged!.RedactedText.Trim())
            : null;
    }

    private static bool IsRating(string payload) =>
        ChoicePayload.TryParseCommand(payload, out var command, out _) && command == ChoicePayload.RateCommand;

    /// <summary><c>g:rate:{ticket}:{rating}</c>, or null when it is not one.</summary>
    private static PendingRating? ParseRating(string payload)
    {
        if (!ChoicePayload.TryParseCommand(payload, out _, out var argument) || argument?.Split(':') is not [var ticket, var rating]
            || !long.TryParse(ticket, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !int.TryParse(rating, NumberStyles.None, CultureInfo.InvariantCulture, out var stars))
        {
            return null;
        }

        return new PendingRating(id, stars);
    }

    /// <summary>A typed message that can be a rating's comment: words, not a command such as "menu" or <c>/start</c>.</summary>
    private bool IsComment(InboundMessage message, TriageResult? triaged) =>
        message.Payload is null && triaged is { Secret: SecretKinds.None } && triaged.RedactedText.Trim() is { Length: > 0 } text
        && !IsStartCommand(text) && triage.MatchCommand(text) is null;

    /// <summary>A rating button pressed: thanks and an invitation to comment, or why it could not count.</summary>
    private Turn OnRated(ConversationState state, string payload, RatingSaved rated, List<OutboundMessage> replies)
    {
        if (rated == RatingSaved.Saved && ParseRating(payload) is { } rating)
        {
            replies.Add(Notice(state, "tickets.rated"));
            return new Turn(state with { RatingAwaitingComment = rating }, replies);
        }

        replies.Add(Notice(state, rated switch
        {
            RatingSaved.NotClosed => "ticket-form.rating-not-closed",
            RatingSaved.Failed => "ticket-form.rating-failed",
            _ => "ticket-form.rating-unknown",
        }));
        replies.Add(Show(state));
        return new Turn(state, replies);
    }

    /// <summary>The message after a rating, taken as its comment.</summary>
    private Turn OnCommented(ConversationState state, RatingSaved rated, List<OutboundMessage> replies)
    {
        replies.Add(Notice(state, rated == RatingSaved.Saved ? "tickets.commented" : "ticket-form.comment-failed"));
        replies.Add(Show(state));
        return new Turn(state, replies);
    }

    /// <summary>"Talk to the team": the form, prefilled from where the conversation is.</summary>
    private Turn StartForm(ConversationState state, List<OutboundMessage> replies)
    {
        if (!state.TicketsAvailable)
        {
            replies.Add(Notice(state, "tickets.unavailable"));
            replies.Add(renderer.Render(state));
            return new Turn(state, replies);
        }

        var draft = forms.Prefill(state);
        var filling = state with { TicketDraft = draft };
        replies.Add(forms.Render(filling, draft));
        return new Turn(filling, replies) { Escalated = draft.From };
    }

    /// <summary>
    /// A message while the form is open: Send, Cancel, a hash or network for it, or a sentence that says what happened.
    /// Null when the user went elsewhere (another button, a command): the form is then left.
    /// </summary>
    private Turn? OnForm(ConversationState state, TicketDraft draft, InboundMessage message, TriageResult? triaged, List<OutboundMessage> replies)
    {
        if (message.Payload is { Length: > 0 } payload)
        {
            if (!ChoicePayload.TryParseCommand(payload, out var command, out var argument) || command != ChoicePayload.TicketCommand)
            {
                return null;
            }

            return argument switch
            {
                TicketForms.Send => SendForm(state, draft, message, replies),
                TicketForms.Cancel => CancelForm(state, replies),
                _ => ShowForm(state, draft, replies),
            };
        }

        var text = triaged?.RedactedText.Trim() ?? "";
        if (text.Length == 0)
        {
            return ShowForm(state, draft, replies);
        }

        if (IsStartCommand(text) || triage.MatchCommand(text) is not null)
        {
            return null;
        }

        var typed = TextNormalizer.Tokenize(text);
        var buttons = forms.FormChoices(state);
        var pressed = int.TryParse(text.TrimEnd('.', ')'), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= buttons.Count
            ? buttons[number - 1]
            : answers.Button(buttons, typed);
        var meaning = answers.Meaning(typed);
        if (pressed == buttons[0] || pressed is null && meaning == "yes")
        {
            return SendForm(state, draft, message, replies);
        }

        if (pressed == buttons[1] || pressed is null && meaning == "no")
        {
            return CancelForm(state, replies);
        }

        // A pasted hash fills its line; a sentence (beyond a hash or a network's name) says what happened.
        var tx = triaged!.Entities.Transactions.FirstOrDefault();
        var network = NamedNetwork(triaged);
        var words = tx is null ? text : text.Replace(tx, "", StringComparison.OrdinalIgnoreCase);
        var described = tx is null && network is null || TextNormalizer.Tokenize(words).Count(t => t.IsWord) >= MinDescriptionWords;
        var filled = draft with
        {
            TxHash = tx ?? draft.TxHash,
            Network = network ?? draft.Network,
            WhatHappened = described && TicketForms.Describe(words) is { Length: > 0 } said ? said : draft.WhatHappened,
        };
        replies.Add(Notice(state, "ticket-form.noted"));
        return ShowForm(state, filled, replies);
    }

    // "0x… on BSC" only fills the form; a few words more are the user's account of what happened.
    private const int MinDescriptionWords = 3;

    private Turn ShowForm(ConversationState state, TicketDraft draft, List<OutboundMessage> replies)
    {
        var filling = state with { TicketDraft = draft };
        replies.Add(forms.Render(filling, draft));
        return new Turn(filling, replies);
    }

    /// <summary>Send: the turn carries the ticket for the engine to open once the state is saved; it says the outcome.</summary>
    private Turn SendForm(ConversationState state, TicketDraft draft, InboundMessage message, List<OutboundMessage> replies)
    {
        if (draft.WhatHappened is null)
        {
            // Staff can do little with a ticket that says nothing: one sentence first.
            replies.Add(Notice(state, "ticket-form.describe-first"));
            return ShowForm(state, draft, replies);
        }

        var sent = state with { TicketDraft = null };
        var form = new TicketForm(draft.WhatHappened, draft.Network ?? "", draft.TxHash);
        return new Turn(sent, replies)
        {
            Ticket = new TicketRequest(state.Key, message.Channel, message.UserId, form, state.Language, forms.Context(state, draft)),
        };
    }

    private Turn CancelForm(ConversationState state, List<OutboundMessage> replies)
    {
        var left = state with { TicketDraft = null };
        replies.Add(Notice(left, "ticket-form.cancelled"));
        replies.Add(renderer.Render(left));
        return new Turn(left, replies);
    }

    /// <summary>Where the user is: the open form, or the step.</summary>
    private OutboundMessage Show(ConversationState state) =>
        state.TicketDraft is { } draft ? forms.Render(state, draft) : renderer.Render(state);

    /// <summary>The conversation back at the main menu, with nothing remembered of the scenario it was in.</summary>
    private ConversationState AtMenu(ConversationState state) =>
        state with { ScenarioId = ContentCatalog.MenuScenario, StepId = content.Menu.Start, Slots = Empty, History = [] };

    /// <summary>The intent whose answer says what a person from the team can do: offered when final advice did not help.</summary>
    private const string HumanIntent = "human";

    /// <summary>
    /// Look the current step's hash or address up again. Where the step looks nothing up (a button from an earlier
    /// step), the button is stale.
    /// </summary>
    private Turn Recheck(ConversationState state, List<OutboundMessage> replies)
    {
        var step = renderer.Step(state);
        var slot = step.Lookup switch
        {
            LookupKind.Transaction => Slots.Transaction,
            LookupKind.Address => Slots.Address,
            _ => null,
        };
        if (slot is null || !state.Slots.ContainsKey(slot))
        {
            replies.Add(Notice(state, "common.stale-button"));
            replies.Add(renderer.Render(state));
            return new Turn(state, replies);
        }

        replies.Add(renderer.Render(state));
        return new Turn(state, replies, LookUpAgain: true);
    }

    /// <summary><c>/start</c> as typed in the console or a Discord DM (Telegram's adapter turns it into a payload itself).</summary>
    private static bool IsStartCommand(string text)
    {
        var trimmed = text.Trim();
        return trimmed.StartsWith("/start", StringComparison.OrdinalIgnoreCase)
            && (trimmed.Length == "/start".Length || trimmed["/start".Length] is ' ' or '@');
    }

    /// <summary>The open clarification that is the <c>/start</c> question ("continue or start over?").</summary>
    private const string StartQuestion = "start?";

    /// <summary>The open clarification that is "talk to the team?", so a typed yes or no answers it.</summary>
    private const string TicketOffer = "ticket?";

    private const string IntentQuestionPrefix = "intents:";
    private const string NetworkMarker = "@";
    private const float MinOfferedConfidence = 0.05f;

    /// <summary>The one active network a message named, if exactly one.</summary>
    private string? NamedNetwork(TriageResult triaged) =>
        triaged.Networks.Count == 1 && content.Networks.GetValueOrDefault(triaged.Networks[0])?.Active == true ? triaged.Networks[0] : null;

    /// <summary>
    /// Where an intent leads: into its scenario at its step (with the network the message named), or — for the
    /// situations outside the scenarios — its own vetted answer, followed by where the user is.
    /// </summary>
    private Turn FollowIntent(ConversationState state, string intentId, string? network, List<OutboundMessage> replies) =>
        IntentTurn(state, intentId, network, replies) with { Intent = intentId };

    private Turn IntentTurn(ConversationState state, string intentId, string? network, List<OutboundMessage> replies)
    {
        var intent = content.Intents[intentId];
        if ((intentId == HumanIntent || intent.Handoff) && state.TicketsAvailable)
        {
            // Its answer ends with the offer of the team instead of the step the user was at ("continue" shows it).
            var answer = intentId == HumanIntent ? "ticket-form.human" : IntentTextKeys.Answer(intentId);
            replies.Add(forms.Offer(state, answer, renderer.LinkButtons(state, intent.Links)));
            return new Turn(state with { OpenClarification = TicketOffer }, replies);
        }

        if (intent.Route is not { } route)
        {
            replies.Add(new OutboundMessage(renderer.Text(state, IntentTextKeys.Answer(intentId))) { Links = renderer.LinkButtons(state, intent.Links) });
            replies.Add(renderer.Render(state));
            return new Turn(state, replies);
        }

        var slots = network is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [Slots.Network] = network };
        if (route.Scenario == state.ScenarioId && (route.Step is null || route.Step == state.StepId))
        {
            // Already there: the message restated the problem; keep the place (and what it named).
            var noted = network is null ? state : WithSlot(state, Slots.Network, network);
            replies.Add(renderer.Render(noted));
            return new Turn(noted, replies);
        }

        var step = route.Step ?? content.Scenarios[route.Scenario].Start;
        if (network is not null && NetworkChoicePath(route.Scenario, step, network) is { Count: > 0 } path)
        {
            // The message already named the network: don't ask "which network?" again, answer it as pressed.
            var last = path[^1];
            replies.Add(Notice(WithSlot(state, Slots.Network, network), "common.network-noted"));
            return GoTo(state, route.Scenario, last.Next, last.Set, replies, keepSlots: route.Scenario == state.ScenarioId);
        }

        return GoTo(state, route.Scenario, step, slots, replies, keepSlots: route.Scenario == state.ScenarioId);
    }

    /// <summary>
    /// From <paramref name="stepId"/>, the choices to press to answer "which network?" with <paramref name="network"/>:
    /// a choice that sets it at this step, or one behind a plain "another network" choice. Empty when there is none.
    /// </summary>
    private List<ChoiceDefinition> NetworkChoicePath(string scenarioId, string stepId, string network)
    {
        var steps = content.Scenarios[scenarioId].Steps;
        if (!steps.TryGetValue(stepId, out var step))
        {
            return [];
        }

        if (step.Choices.FirstOrDefault(c => c.Next is not null && c.Set.GetValueOrDefault(Slots.Network) == network) is { } direct)
        {
            return [direct];
        }

        foreach (var plain in step.Choices.Where(c => c.Next is not null && c.Set.Count == 0 && steps.ContainsKey(c.Next!)))
        {
            if (steps[plain.Next!].Choices.FirstOrDefault(c => c.Next is not null && c.Set.GetValueOrDefault(Slots.Network) == network) is { } behind)
            {
                return [plain, behind];
            }
        }

        return [];
    }

    /// <summary>
    /// The question for an open clarification: "which of these is it?" for <c>intents:{id},{id}…[,@network]</c>, or
    /// "which network did you mean?" for <c>{ambiguity id}[:{scenario}]</c>. Null if content has no such question.
    /// </summary>
    private OutboundMessage? Clarification(ConversationState state, string open)
    {
        if (open == StartQuestion)
        {
            return renderer.StartQuestion(state);
        }

        if (open == TicketOffer)
        {
            return new OutboundMessage("") { Choices = forms.OfferChoices(state) };
        }

        if (open.StartsWith(IntentQuestionPrefix, StringComparison.Ordinal))
        {
            var items = open[IntentQuestionPrefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries);
            var network = items.FirstOrDefault(i => i.StartsWith(NetworkMarker, StringComparison.Ordinal))?[NetworkMarker.Length..];
            var intents = items.Where(content.Intents.ContainsKey).ToList();
            if (intents.Count == 0)
            {
                return null;
            }

            return new OutboundMessage(renderer.Text(state, IntentTextKeys.Question))
            {
                Choices =
                [
                    .. intents.Select(i => new ChoiceButton(renderer.Text(state, IntentTextKeys.Label(i)), ChoicePayload.Intent(i, network))),
                    new ChoiceButton(renderer.Text(state, IntentTextKeys.SomethingElse), ChoicePayload.Intent(null, null)),
                ],
            };
        }

        var parts = open.Split(':', 2);
        if (!content.Lexicon.Ambiguous.TryGetValue(parts[0], out var name))
        {
            return null;
        }

        var scenario = parts.Length > 1 ? parts[1] : null;
        return new OutboundMessage(renderer.Text(state, name.QuestionKey))
        {
            Choices = [.. name.Means.Select(n => new ChoiceButton(renderer.Text(state, name.LabelKey(n)), ChoicePayload.Network(n, scenario)))],
        };
    }

    /// <summary>
    /// The user said which network they meant: a retired one leads to its recovery advice; an active one answers the
    /// step's network question, or opens the scenario their message was about, or is noted for later steps.
    /// </summary>
    private Turn OnNetworkAnswer(ConversationState state, string argument, List<OutboundMessage> replies)
    {
        var parts = argument.Split(':', 2);
        if (!content.Networks.TryGetValue(parts[0], out var network))
        {
            replies.Add(Notice(state, "common.stale-button"));
            replies.Add(renderer.Render(state));
            return new Turn(state, replies);
        }

        if (!network.Active)
        {
            if (Route(TriageRoutes.Bep2) is { } retired)
            {
                return GoTo(state, retired.Scenario, retired.Step, Empty, replies);
            }

            replies.Add(renderer.Render(state));
            return new Turn(state, replies);
        }

        if (parts.Length > 1 && content.Scenarios.ContainsKey(parts[1]) && parts[1] != state.ScenarioId)
        {
            return GoTo(state, parts[1], null, new Dictionary<string, string> { [Slots.Network] = network.Key }, replies, keepSlots: false);
        }

        if (renderer.Step(state).Choices.FirstOrDefault(c => c.Set.GetValueOrDefault(Slots.Network) == network.Key) is { } byNetwork)
        {
            return Choose(state, byNetwork, replies);
        }

        var noted = WithSlot(state, Slots.Network, network.Key);
        replies.Add(Notice(noted, "common.network-noted"));
        replies.Add(renderer.Render(noted));
        return new Turn(noted, replies);
    }

    private static ConversationState WithSlot(ConversationState state, string name, string value) =>
        state with { Slots = new Dictionary<string, string>(state.Slots, StringComparer.Ordinal) { [name] = value } };

    private Turn Choose(ConversationState state, ChoiceDefinition choice, List<OutboundMessage> replies) =>
        choice.Scenario is { } scenario
            ? GoTo(state, scenario, choice.At, choice.Set, replies)
            : GoTo(state, state.ScenarioId, choice.Next!, choice.Set, replies);

    private Turn GoTo(ConversationState state, string scenarioId, string? stepId, IReadOnlyDictionary<string, string> set,
        List<OutboundMessage> replies, bool keepSlots = true)
    {
        var scenario = content.Scenarios[scenarioId];
        var slots = keepSlots ? new Dictionary<string, string>(state.Slots, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in set)
        {
            slots[name] = value;
        }

        if (set.ContainsKey(Slots.Network))
        {
            // The user named a network anew: what an earlier lookup compared against no longer applies.
            slots.Remove(Slots.StatedNetwork);
            slots.Remove(Slots.FoundNetwork);
        }

        (scenarioId, stepId) = SkipKnown(scenarioId, stepId ?? scenario.Start, slots);
        var history = state.History.Append(new StepFrame(state.ScenarioId, state.StepId, state.Slots)).TakeLast(MaxHistory);
        var next = state with { ScenarioId = scenarioId, StepId = stepId, Slots = slots, History = [.. history] };
        replies.Add(renderer.Render(next));
        return new Turn(next, replies);
    }

    /// <summary>
    /// Steps that ask what the conversation already knows (whose address it went to, which exchange) are passed
    /// through: the choice for the known value is followed, as if pressed.
    /// </summary>
    private (string Scenario, string Step) SkipKnown(string scenarioId, string stepId, Dictionary<string, string> slots)
    {
        // Content validation keeps these chains short; the bound only guards against a loop written into content.
        for (var hop = 0; hop < MaxSkips; hop++)
        {
            var step = content.Scenarios[scenarioId].Steps[stepId];
            if (step.Asks is not { } slot || slots.GetValueOrDefault(slot) is not { } known
                || step.Choices.FirstOrDefault(c => c.Set.GetValueOrDefault(slot) == known) is not { } choice)
            {
                break;
            }

            foreach (var (name, value) in choice.Set)
            {
                slots[name] = value;
            }

            (scenarioId, stepId) = choice.Scenario is { } other
                ? (other, choice.At ?? content.Scenarios[other].Start)
                : (scenarioId, choice.Next!);
        }

        return (scenarioId, stepId);
    }

    private const int MaxSkips = 8;

    private StepAddress? Route(string kind) => content.Lexicon.Routes.GetValueOrDefault(kind);

    private OutboundMessage Notice(ConversationState state, string key) => new(renderer.Text(state, key));
}

/// <summary>The outcome of one turn: the new state and the replies.</summary>
/// <param name="State">Where the conversation is after the turn.</param>
/// <param name="Replies">What the bot says, in order.</param>
/// <param name="SecretDetected">The message held a secret (see <see cref="TurnResult.SecretDetected"/>).</param>
/// <param name="LookUpAgain">The step's lookup runs even though the conversation did not just arrive there ("Check again").</param>
internal sealed record Turn(ConversationState State, IReadOnlyList<OutboundMessage> Replies, bool SecretDetected = false, bool LookUpAgain = false)
{
    /// <summary>The intent the turn followed (from triage or a "which of these is it?" answer), for the figures.</summary>
    public string? Intent { get; init; }

    /// <summary>The typed text was not understood: the bot asked which of several it meant, or said it did not catch it.</summary>
    public bool NotUnderstood { get; init; }

    /// <summary>The answer to "Did this solve it?" after final advice; null when the turn was not one.</summary>
    public bool? Solved { get; init; }

    /// <summary>The user asked for the team and the form opened: the step they were at (<c>{scenario}/{step}</c>); else null.</summary>
    public string? Escalated { get; init; }

    /// <summary>The ticket to open once the state is saved (the form was sent); null otherwise.</summary>
    public TicketRequest? Ticket { get; init; }
}

/// <summary>A rating of a ticket, or its comment, found in the user's message.</summary>
/// <param name="Ticket">The ticket's id.</param>
/// <param name="Rating">1–5 as the button said (the desk checks the range).</param>
/// <param name="Comment">The comment, redacted; null for the rating itself.</param>
internal sealed record RatingRequest(long Ticket, int Rating, string? Comment);

/// <summary>What became of a <see cref="RatingRequest"/> at the ticket desk.</summary>
internal enum RatingSaved
{
    /// <summary>The message held no rating or comment (or a malformed rating button).</summary>
    NotAsked,
    Saved,

    /// <summary>No such ticket of this user, or a rating out of range.</summary>
    Refused,

    /// <summary>The ticket is not closed (again): it cannot be rated now.</summary>
    NotClosed,

    /// <summary>The desk failed; the user is asked to try later.</summary>
    Failed,
}
