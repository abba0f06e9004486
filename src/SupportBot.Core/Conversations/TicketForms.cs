using System.Globalization;
using System.Text;
using SupportBot.Core.Content;
using SupportBot.Core.Messages;

namespace SupportBot.Core.Conversations;

/// <summary>
/// The conversation's side of a ticket: the offer to talk to the team, the short form prefilled from where the
/// conversation was, and the account of the conversation staff read first. Pure, like <see cref="TurnLogic"/>.
/// </summary>
internal sealed class TicketForms(ContentCatalog content, StepRenderer renderer, string staffLanguage)
{
    /// <summary>The argument of <c>g:ticket:send</c>: the form is confirmed.</summary>
    public const string Send = "send";

    /// <summary>The argument of <c>g:ticket:cancel</c>: the form is dropped.</summary>
    public const string Cancel = "cancel";

    /// <summary>Texts that become buttons, for the Discord label limit.</summary>
    public static readonly string[] ButtonKeys = ["ticket-form.button", "ticket-form.send", "ticket-form.cancel", "common.continue"];

    /// <summary>Texts the engine says about tickets, required in every language.</summary>
    public static readonly string[] TextKeys =
    [
        "ticket-form.button", "ticket-form.human", "ticket-form.unsolved", "ticket-form.form", "ticket-form.not-given",
        "ticket-form.noted", "ticket-form.describe-first", "ticket-form.send", "ticket-form.cancel", "ticket-form.cancelled",
        "ticket-form.not-sent", "ticket-form.rating-unknown", "ticket-form.rating-not-closed", "ticket-form.rating-failed",
        "ticket-form.comment-failed", "tickets.unavailable", "tickets.rated", "tickets.commented",
    ];

    // Enough for what happened in a few sentences; staff ask for more in the ticket itself.
    private const int MaxWhatHappened = 400;

    /// <summary>"Talk to the team?" with the button for it and the way on without it.</summary>
    public OutboundMessage Offer(ConversationState state, string textKey, IReadOnlyList<LinkButton> links) =>
        new(renderer.Text(state, textKey)) { Choices = OfferChoices(state), Links = links };

    /// <summary>The offer's buttons: the team, or back to the menu after final advice / on with the step elsewhere.</summary>
    public IReadOnlyList<ChoiceButton> OfferChoices(ConversationState state) =>
    [
        renderer.TicketButton(state),
        renderer.Step(state).IsTerminal
            ? renderer.Command(state, GlobalCommandNames.Menu)
            : new ChoiceButton(renderer.Text(state, "common.continue"), ChoicePayload.Command(ChoicePayload.ContinueCommand)),
    ];

    public IReadOnlyList<ChoiceButton> FormChoices(ConversationState state) =>
    [
        new(renderer.Text(state, "ticket-form.send"), ChoicePayload.Command(ChoicePayload.TicketCommand) + ":" + Send),
        new(renderer.Text(state, "ticket-form.cancel"), ChoicePayload.Command(ChoicePayload.TicketCommand) + ":" + Cancel),
    ];

    /// <summary>The form as the conversation already knows it: the way through the scenario, the network, the hash.</summary>
    public TicketDraft Prefill(ConversationState state) =>
        new(StepRenderer.StepKey(state), WayThrough(state, state.Language),
            state.Slots.GetValueOrDefault(Slots.Network) ?? state.Slots.GetValueOrDefault(Slots.FoundNetwork),
            state.Slots.GetValueOrDefault(Slots.Transaction));

    /// <summary>The form with its Send and Cancel buttons.</summary>
    public OutboundMessage Render(ConversationState state, TicketDraft draft)
    {
        var language = state.Language;
        var notGiven = renderer.Text(state, "ticket-form.not-given");
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["what"] = draft.WhatHappened ?? notGiven,
            ["network_name"] = NetworkName(draft.Network) ?? notGiven,
            ["tx"] = draft.TxHash is { } tx ? "`" + tx + "`" : notGiven,
        };
        return new OutboundMessage(Placeholders.Fill(content.Texts.Get(language, "ticket-form.form"), content, language, state.Slots, values))
        {
            Choices = FormChoices(state),
        };
    }

    /// <summary>
    /// What staff read before the form's words: the steps the conversation went through, the answers given there and
    /// what it found out. Slots hold only facts the bot extracted (network keys, hashes, addresses), never typed text.
    /// </summary>
    public string Context(ConversationState state, TicketDraft draft)
    {
        var text = new StringBuilder();
        var frames = Frames(state).ToList();
        text.Append("Steps: ").AppendJoin(" → ", frames.Select(f => f.ScenarioId + "/" + f.StepId)).Append('\n');
        if (WayThrough(state, staffLanguage) is { } way)
        {
            text.Append("Answers: ").Append(way).Append('\n');
        }

        if (state.Slots.Count > 0)
        {
            text.Append("Known: ").AppendJoin(", ", state.Slots.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key + " = " + s.Value)).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"Asked for the team at: {draft.From}; conversation language: {state.Language}");
        return text.ToString();
    }

    /// <summary>
    /// What the user typed, fit for the form: one line, without the markup the replies are written in (so it cannot
    /// pose as a link or a heading), and not longer than staff need.
    /// </summary>
    public static string Describe(string typed)
    {
        var text = new StringBuilder(typed.Length);
        foreach (var c in typed)
        {
            if (c is '*' or '`' or '[' or ']')
            {
                continue;
            }

            var next = char.IsWhiteSpace(c) ? ' ' : c;
            if (next != ' ' || text.Length > 0 && text[^1] != ' ')
            {
                text.Append(next);
            }
        }

        var line = text.ToString().Trim();
        return line.Length <= MaxWhatHappened ? line : line[..MaxWhatHappened].TrimEnd() + "…";
    }

    private string? NetworkName(string? network) =>
        network is null ? null : content.Networks.TryGetValue(network, out var known) ? known.Name : network;

    /// <summary>
    /// The way through the scenarios in <paramref name="language"/>: the first scenario's title, then the label of each
    /// choice the user followed ("Binance ↔ MetaMask: To the exchange → Binance → …"). Null at the menu.
    /// </summary>
    private string? WayThrough(ConversationState state, string language)
    {
        var frames = Frames(state).Where(f => f.ScenarioId != ContentCatalog.MenuScenario).ToList();
        if (frames.Count == 0)
        {
            return null;
        }

        var labels = new List<string>();
        for (var i = 1; i < frames.Count; i++)
        {
            if (ChoiceBetween(frames[i - 1], frames[i]) is { } choice)
            {
                labels.Add(Placeholders.Fill(content.Texts.Get(language, choice.LabelKey), content, language, frames[i].Slots));
            }
        }

        var title = content.Texts.Get(language, content.Scenarios[frames[0].ScenarioId].TitleKey);
        return Describe(labels.Count == 0 ? title : title + ": " + string.Join(" → ", labels));
    }

    /// <summary>The steps visited that "back" still knows, and the current one.</summary>
    private static IEnumerable<StepFrame> Frames(ConversationState state) =>
        state.History.Append(new StepFrame(state.ScenarioId, state.StepId, state.Slots));

    /// <summary>
    /// The choice of <paramref name="from"/> that led to <paramref name="to"/>: the one pointing there, or through a step
    /// passed because its answer was known. Null for a jump by a typed question or hash.
    /// </summary>
    private ChoiceDefinition? ChoiceBetween(StepFrame from, StepFrame to)
    {
        if (!content.Scenarios.TryGetValue(from.ScenarioId, out var scenario) || !scenario.Steps.TryGetValue(from.StepId, out var step))
        {
            return null;
        }

        // Several choices may lead to one step (Binance, Binance.US): the one whose values the next step has was pressed.
        var leading = step.Choices.Where(c => Leads(scenario, c, to)
            || Target(scenario, c) is { Asks: not null } passed
            && passed.Choices.Any(next => Leads(c.Scenario is { } other ? content.Scenarios[other] : scenario, next, to))).ToList();
        return leading.FirstOrDefault(c => c.Set.All(s => to.Slots.GetValueOrDefault(s.Key) == s.Value)) ?? leading.FirstOrDefault();
    }

    private bool Leads(ScenarioDefinition scenario, ChoiceDefinition choice, StepFrame to) =>
        choice.Scenario is { } other
            ? other == to.ScenarioId && (choice.At ?? content.Scenarios[other].Start) == to.StepId
            : scenario.Id == to.ScenarioId && choice.Next == to.StepId;

    private StepDefinition? Target(ScenarioDefinition scenario, ChoiceDefinition choice) =>
        choice.Scenario is { } other
            ? content.Scenarios.GetValueOrDefault(other) is { } target ? target.Steps.GetValueOrDefault(choice.At ?? target.Start) : null
            : scenario.Steps.GetValueOrDefault(choice.Next ?? "");
}
