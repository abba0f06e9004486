using SupportBot.Core.Content;
using SupportBot.Core.Messages;

namespace SupportBot.Core.Conversations;

/// <summary>Turns the step a conversation is at into a message: its text, its choices, the way back, its links.</summary>
public sealed class StepRenderer(ContentCatalog content)
{
    public ContentCatalog Content { get; } = content;

    /// <summary>A text from the locale files with its placeholders filled for this conversation.</summary>
    public string Text(ConversationState state, string key) =>
        Placeholders.Fill(Content.Texts.Get(state.Language, key), Content, state.Language, state.Slots);

    /// <summary>Suffix of a step text's variant for when the last lookup found a fake token: its advice must not say "import the token".</summary>
    public const string FakeTokenVariant = "-fake-token";

    /// <summary>The step's text, or its fake-token variant when a lookup called a fake out and content has that variant.</summary>
    private string StepTextKey(ConversationState state, StepDefinition step) =>
        state.Slots.GetValueOrDefault(Lookup.LookupReport.FakeTokenSlot) is { Length: > 0 } && Content.Texts.Has(state.Language, step.TextKey + FakeTokenVariant)
            ? step.TextKey + FakeTokenVariant
            : step.TextKey;

    public StepDefinition Step(ConversationState state) => Content.Scenarios[state.ScenarioId].Steps[state.StepId];

    public OutboundMessage Render(ConversationState state)
    {
        var step = Step(state);
        return new OutboundMessage(Text(state, StepTextKey(state, step)))
        {
            Choices = Choices(state),
            Links = Links(state, step),
        };
    }

    /// <summary>
    /// The buttons of the current step in display order: its own choices, "Check again" after an incomplete lookup,
    /// "Did this solve it?" under final advice, "Talk to the team" where only a person can help, then navigation. Typed numbers refer to this order, so the console and the button channels agree.
    /// </summary>
    public IReadOnlyList<ChoiceButton> Choices(ConversationState state)
    {
        var step = Step(state);
        var buttons = step.Choices
            .Select((choice, i) => new ChoiceButton(Text(state, choice.LabelKey), ChoicePayload.Format(state.ScenarioId, step.Id, i)))
            .ToList();
        if (OffersRecheck(state))
        {
            buttons.Add(new ChoiceButton(Text(state, "lookup.check-again"), ChoicePayload.Command(ChoicePayload.RecheckCommand)));
        }

        if (step.IsTerminal)
        {
            // "Did this solve it?": the answer is what the figures count as solved by the bot, or the team is offered.
            buttons.Add(new ChoiceButton(Text(state, "common.feedback.solved"), ChoicePayload.Command(ChoicePayload.SolvedCommand)));
            buttons.Add(new ChoiceButton(Text(state, "common.feedback.unsolved"), ChoicePayload.Command(ChoicePayload.UnsolvedCommand)));
        }

        if (step.Handoff && state.TicketsAvailable)
        {
            // Only a person can take this further: the team is offered right away, not only after "not solved".
            buttons.Add(TicketButton(state));
        }

        var atMenu = state.ScenarioId == ContentCatalog.MenuScenario && state.StepId == Content.Menu.Start;
        if (atMenu)
        {
            buttons.Add(Command(state, GlobalCommandNames.Language));
        }
        else
        {
            if (state.History.Count > 0)
            {
                buttons.Add(Command(state, GlobalCommandNames.Back));
            }

            buttons.Add(Command(state, GlobalCommandNames.Menu));
        }

        return buttons;
    }

    /// <summary>The step's last lookup was incomplete (pending, or a network unreachable) and can be run again.</summary>
    public bool OffersRecheck(ConversationState state) =>
        state.RecheckStep == StepKey(state) && Step(state).Lookup != LookupKind.None;

    /// <summary><c>{scenario}/{step}</c>: the step a conversation is at, as one value.</summary>
    public static string StepKey(ConversationState state) => state.ScenarioId + "/" + state.StepId;

    /// <summary>Asked on <c>/start</c> in the middle of a conversation: carry on, or begin again from the menu.</summary>
    public OutboundMessage StartQuestion(ConversationState state) =>
        new(Text(state, "common.start-question"))
        {
            Choices =
            [
                new ChoiceButton(Text(state, "common.continue"), ChoicePayload.Command(ChoicePayload.ContinueCommand)),
                new ChoiceButton(Text(state, "common.start-over"), ChoicePayload.Command(GlobalCommandNames.Menu)),
            ],
        };

    /// <summary>"💬 Talk to the team": opens the ticket form.</summary>
    public ChoiceButton TicketButton(ConversationState state) =>
        new(Text(state, "ticket-form.button"), ChoicePayload.Command(ChoicePayload.TicketCommand));

    public ChoiceButton Command(ConversationState state, string command) =>
        new(Text(state, "common.command." + command), ChoicePayload.Command(command));

    /// <summary>The language picker: one button per language, each labelled in its own language.</summary>
    public OutboundMessage LanguagePrompt(ConversationState state) =>
        new(Text(state, "common.language-prompt"))
        {
            Choices = [.. Content.Texts.Languages.Order(StringComparer.Ordinal)
                .Select(l => new ChoiceButton(Content.Texts.Get(l, "common.language-name"), ChoicePayload.Language(l)))],
        };

    /// <summary>Buttons for links of <c>content/links.yaml</c>, by id, in the conversation's language.</summary>
    public IReadOnlyList<LinkButton> LinkButtons(ConversationState state, IEnumerable<string> ids) =>
        [.. ids.Select(id => Content.Links.GetValueOrDefault(id)).OfType<LinkDefinition>()
            .Select(link => new LinkButton(Text(state, link.LabelKey), link.Url)).DistinctBy(l => l.Url, StringComparer.Ordinal)];

    private List<LinkButton> Links(ConversationState state, StepDefinition step)
    {
        var links = new List<LinkButton>();
        foreach (var link in step.Links.Where(l => l.When.All(w => state.Slots.GetValueOrDefault(w.Key) == w.Value)))
        {
            var id = link.Id;
            if (id == LinkRef.BscRoute)
            {
                var network = Content.Networks.GetValueOrDefault(state.Slots.GetValueOrDefault(Slots.Network) ?? "");
                if (network is null || network.Key == LinkRef.BscNetwork)
                {
                    continue;
                }

                if (network.Bridge is { Connects: LinkRef.BscNetwork } own)
                {
                    links.Add(new LinkButton(Text(state, "common.bridge-link"), own.Url));
                    continue;
                }

                id = LinkRef.BscRouteFallback;
            }

            if (Content.Links.TryGetValue(id, out var definition))
            {
                links.Add(new LinkButton(Text(state, definition.LabelKey), definition.Url));
            }
        }

        // Content validation rejects steps that could show one page twice; this keeps a message clean regardless.
        return [.. links.DistinctBy(l => l.Url, StringComparer.Ordinal)];
    }
}
