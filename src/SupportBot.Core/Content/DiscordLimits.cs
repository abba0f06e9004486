using System.Globalization;
using SupportBot.Core.Conversations;
using SupportBot.Core.Intents;

namespace SupportBot.Core.Content;

/// <summary>
/// Discord's limits on the texts the content puts into components and commands, for every language: a text over its
/// limit is cut off or refused by Discord (a modal with a 46-character title is not shown at all).
/// </summary>
public static class DiscordLimits
{
    public const int ModalTitle = 45;
    public const int InputLabel = 45;
    public const int ButtonLabel = 80;
    public const int Placeholder = 100;
    public const int CustomId = 100;
    public const int CommandDescription = 100;

    /// <summary>The modal the Discord channel opens for typing a hash or an address.</summary>
    public const string ModalTitleKey = "discord.modal-title";
    public const string ModalLabelKey = "discord.modal-label";
    public const string ModalPlaceholderKey = "discord.modal-placeholder";
    public const string TypeInputKey = "discord.type-input";
    public const string CommandPrefix = "discord.commands.";

    public static void Validate(ContentCatalog content, List<ContentError> errors)
    {
        var limits = new Dictionary<string, (int Max, string What)>(StringComparer.Ordinal)
        {
            [ModalTitleKey] = (ModalTitle, "a modal title"),
            [ModalLabelKey] = (InputLabel, "a text-input label"),
            [ModalPlaceholderKey] = (Placeholder, "a text-input placeholder"),
        };
        foreach (var key in ButtonLabelKeys(content))
        {
            limits.TryAdd(key, (ButtonLabel, "a button label"));
        }

        foreach (var (language, texts) in content.Texts.ByLanguage)
        {
            foreach (var (key, entry) in texts)
            {
                (int Max, string What) limit = limits.TryGetValue(key, out var known) ? known
                    : key.StartsWith(CommandPrefix, StringComparison.Ordinal) ? (CommandDescription, "a command description")
                    : (0, "");
                if (limit.Max > 0 && entry.Value.Length > limit.Max)
                {
                    errors.Add(new ContentError(entry.Source.File, entry.Source.Line, string.Create(CultureInfo.InvariantCulture,
                        $"text '{key}' ({language}) is {entry.Value.Length} characters; Discord allows {limit.Max} in {limit.What}")));
                }
            }
        }

        foreach (var (payload, at) in CustomIds(content))
        {
            if (payload.Length > CustomId)
            {
                errors.Add(new ContentError(at.File, at.Line, string.Create(CultureInfo.InvariantCulture,
                    $"button id '{payload}' is {payload.Length} characters; Discord allows {CustomId} in a custom_id")));
            }
        }
    }

    /// <summary>Every text that can become a button: choices, links, global commands, clarifying questions' answers.</summary>
    private static IEnumerable<string> ButtonLabelKeys(ContentCatalog content)
    {
        foreach (var choice in content.Scenarios.Values.SelectMany(s => s.Steps.Values).SelectMany(s => s.Choices))
        {
            yield return choice.LabelKey;
        }

        foreach (var link in content.Links.Values)
        {
            yield return link.LabelKey;
        }

        foreach (var name in content.Lexicon.Ambiguous.Values)
        {
            foreach (var network in name.Means)
            {
                yield return name.LabelKey(network);
            }
        }

        foreach (var intent in content.Intents.Keys)
        {
            yield return IntentTextKeys.Label(intent);
        }

        foreach (var command in GlobalCommandNames.All)
        {
            yield return "common.command." + command;
        }

        foreach (var key in TicketForms.ButtonKeys)
        {
            yield return key;
        }

        yield return IntentTextKeys.SomethingElse;
        yield return "common.language-name";
        yield return "common.bridge-link";
        yield return TypeInputKey;
    }

    /// <summary>The longest button ids the engine can make from the content.</summary>
    private static IEnumerable<(string Payload, SourceRef At)> CustomIds(ContentCatalog content)
    {
        foreach (var scenario in content.Scenarios.Values)
        {
            foreach (var step in scenario.Steps.Values.Where(s => s.Choices.Count > 0))
            {
                yield return (ChoicePayload.Format(scenario.Id, step.Id, step.Choices.Count - 1), step.Source);
            }

            foreach (var network in content.Networks.Values)
            {
                yield return (ChoicePayload.Network(network.Key, scenario.Id), scenario.Source);
            }
        }

        foreach (var intent in content.Intents.Values)
        {
            foreach (var network in content.Networks.Values)
            {
                yield return (ChoicePayload.Intent(intent.Id, network.Key), intent.Source);
            }
        }
    }
}
