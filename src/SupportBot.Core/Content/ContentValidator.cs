using System.Text;
using System.Text.RegularExpressions;
using SupportBot.Core.Conversations;

namespace SupportBot.Core.Content;

/// <summary>
/// Cross-file checks that make a content mistake a start-up error instead of a user stuck mid-conversation:
/// transitions to unknown steps, unreachable steps, texts missing in a language, unknown placeholders,
/// unknown links and networks, payloads too long for a button, a message that would show one page twice, an L2's own
/// bridge offered as a way to or from BNB Smart Chain, manual network details without their documented source,
/// plural texts missing a form their language needs.
/// </summary>
internal static partial class ContentValidator
{
    /// <summary>Telegram's callback_data limit; Discord's custom_id allows 100.</summary>
    private const int MaxPayloadBytes = 64;

    public static void Validate(ContentCatalog content, List<ContentError> errors)
    {
        void Error(SourceRef at, string message) => errors.Add(new ContentError(at.File, at.Line, message));

        var usedTexts = new Dictionary<string, SourceRef>(StringComparer.Ordinal);
        void UseText(string key, SourceRef at) => usedTexts.TryAdd(key, at);

        if (!content.Scenarios.ContainsKey(ContentCatalog.MenuScenario))
        {
            errors.Add(new ContentError("content/scenarios", 0, $"the '{ContentCatalog.MenuScenario}' scenario is missing"));
        }

        // Steps that other places lead to from outside their scenario: other scenarios' choices and triage routes.
        var externalEntries = new HashSet<(string Scenario, string Step)>();
        foreach (var scenario in content.Scenarios.Values)
        {
            foreach (var choice in scenario.Steps.Values.SelectMany(s => s.Choices))
            {
                if (choice.Scenario is { } target && content.Scenarios.TryGetValue(target, out var other))
                {
                    externalEntries.Add((target, choice.At ?? other.Start));
                }
            }
        }

        var routes = content.Lexicon.Routes.Select(r => (What: $"route '{r.Key}'", Route: r.Value))
            .Concat(content.Intents.Values.Where(i => i.Route is not null).Select(i => (What: $"intent '{i.Id}'", Route: i.Route!)));
        foreach (var (kind, route) in routes)
        {
            if (!content.Scenarios.TryGetValue(route.Scenario, out var target))
            {
                Error(route.Source, $"{kind} leads to unknown scenario '{route.Scenario}'");
            }
            else if (route.Step is { } step && !target.Steps.ContainsKey(step))
            {
                Error(route.Source, $"{kind} leads to unknown step '{step}' of scenario '{route.Scenario}'");
            }
            else
            {
                externalEntries.Add((route.Scenario, route.Step ?? target.Start));
            }
        }

        foreach (var scenario in content.Scenarios.Values)
        {
            UseText(scenario.TitleKey, scenario.Source);
            if (!scenario.Steps.ContainsKey(scenario.Start))
            {
                Error(scenario.Source, $"start step '{scenario.Start}' does not exist");
            }

            foreach (var (name, step) in new[] { ("on-transaction", scenario.OnTransaction), ("on-address", scenario.OnAddress) })
            {
                if (step is not null && !scenario.Steps.ContainsKey(step))
                {
                    Error(scenario.Source, $"{name} leads to unknown step '{step}'");
                }
            }

            foreach (var step in scenario.Steps.Values)
            {
                ValidateStep(content, scenario, step, Error, UseText);
            }

            var reachable = Reachable(scenario, externalEntries);
            foreach (var step in scenario.Steps.Values.Where(s => !reachable.Contains(s.Id)))
            {
                Error(step.Source, $"step '{step.Id}' cannot be reached from '{scenario.Start}'");
            }
        }

        foreach (var link in content.Links.Values)
        {
            UseText(link.LabelKey, link.Source);
            if (!Uri.TryCreate(link.Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                Error(link.Source, $"link '{link.Id}' must be an absolute https URL");
            }
        }

        ValidateNetworks(content, Error);
        ValidateNetworkNames(content, Error);
        ValidateBridgeLinks(content, Error);
        ValidateAmbiguousNames(content, Error, UseText);
        foreach (var intent in content.Intents.Values.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            UseText(Intents.IntentTextKeys.Question, intent.Source);
            UseText(Intents.IntentTextKeys.SomethingElse, intent.Source);
            UseText(Intents.IntentTextKeys.Label(intent.Id), intent.Source);
            if (intent.Route is null)
            {
                UseText(Intents.IntentTextKeys.Answer(intent.Id), intent.Source);
            }
            else if (intent.Links.Count > 0)
            {
                Error(intent.Source, $"intent '{intent.Id}' leads to a scenario: its links belong to the steps there");
            }

            if (intent.Route is not null && intent.Handoff)
            {
                Error(intent.Source, $"intent '{intent.Id}' leads to a scenario: mark the steps there that hand over to the team ('handoff: true')");
            }

            foreach (var link in intent.Links.Where(l => !content.Links.ContainsKey(l)))
            {
                Error(intent.Source, $"intent '{intent.Id}' shows unknown link '{link}'");
            }
        }

        foreach (var key in GlobalCommandNames.All.Select(c => $"common.command.{c}").Concat(EngineTexts.Keys))
        {
            if (!content.Texts.Has(TextCatalog.DefaultLanguage, key))
            {
                errors.Add(new ContentError($"content/locales/{TextCatalog.DefaultLanguage}.yaml", 0, $"text '{key}' is required by the engine but missing"));
            }

            UseText(key, new SourceRef($"content/locales/{TextCatalog.DefaultLanguage}.yaml", 0));
        }

        Scams.ScamPeopleContent.ValidateTexts(content, errors);
        ValidateTexts(content, usedTexts, errors);
        DiscordLimits.Validate(content, errors);
        foreach (var (command, words) in content.Lexicon.Commands)
        {
            if (words.Count == 0)
            {
                errors.Add(new ContentError("content/triage.yaml", 0, $"command '{command}' has no words"));
            }
        }
    }

    private static void ValidateStep(ContentCatalog content, ScenarioDefinition scenario, StepDefinition step,
        Action<SourceRef, string> error, Action<string, SourceRef> useText)
    {
        useText(step.TextKey, step.Source);
        foreach (var (name, next) in new[] { ("on-transaction", step.OnTransaction), ("on-address", step.OnAddress) })
        {
            if (next is not null && !scenario.Steps.ContainsKey(next))
            {
                error(step.Source, $"{name} of step '{step.Id}' leads to unknown step '{next}'");
            }
        }

        for (var i = 0; i < step.Choices.Count; i++)
        {
            var choice = step.Choices[i];
            useText(choice.LabelKey, choice.Source);
            if ((choice.Next is null) == (choice.Scenario is null))
            {
                error(choice.Source, "a choice needs exactly one of 'next' and 'scenario'");
            }
            else if (choice.Next is { } target && !scenario.Steps.ContainsKey(target))
            {
                error(choice.Source, $"choice leads to unknown step '{target}'");
            }
            else if (choice.Scenario is { } other)
            {
                if (!content.Scenarios.TryGetValue(other, out var otherScenario))
                {
                    error(choice.Source, $"choice leads to unknown scenario '{other}'");
                }
                else if (choice.At is { } at && !otherScenario.Steps.ContainsKey(at))
                {
                    error(choice.Source, $"choice leads to unknown step '{at}' of scenario '{other}'");
                }
            }

            if (choice.At is not null && choice.Scenario is null)
            {
                error(choice.Source, "'at' needs 'scenario'");
            }

            if (choice.Set.TryGetValue(Slots.Network, out var network) && !content.Networks.ContainsKey(network))
            {
                error(choice.Source, $"unknown network '{network}'");
            }

            var payload = ChoicePayload.Format(scenario.Id, step.Id, i);
            if (Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
            {
                error(choice.Source, $"button payload '{payload}' is longer than {MaxPayloadBytes} bytes; shorten the scenario or step id");
            }
        }

        foreach (var link in step.Links)
        {
            if (!content.Links.ContainsKey(link.Id) && link.Id != LinkRef.BscRoute)
            {
                error(link.Source, $"unknown link '{link.Id}'");
            }
        }

        if (step.Asks is { } asked && (step.Choices.Count == 0 || step.Choices.Any(c => !c.Set.ContainsKey(asked))))
        {
            error(step.Source, $"step '{step.Id}' asks for '{asked}', so each of its choices must set '{asked}'");
        }

        if (step.Handoff && scenario.Id == ContentCatalog.MenuScenario)
        {
            error(step.Source, $"step '{step.Id}' of the menu cannot hand over to the team: mark the steps where only a person can help");
        }

        ValidateDistinctLinks(content, step, error);
    }

    /// <summary>No message may show two buttons that open the same page, whatever the conversation's slots are.</summary>
    private static void ValidateDistinctLinks(ContentCatalog content, StepDefinition step, Action<SourceRef, string> error)
    {
        var options = step.Links.Select(link => PossibleUrls(content, link).ToList()).ToList();
        for (var j = 1; j < options.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                var clash = options[i].SelectMany(a => options[j].Where(b => a.Url == b.Url && Compatible(a.When, b.When)).Select(_ => a.Url)).FirstOrDefault();
                if (clash is not null)
                {
                    error(step.Links[j].Source, $"step '{step.Id}' can show two buttons that open {clash} (links '{step.Links[i].Id}' and '{step.Links[j].Id}')");
                    break;
                }
            }
        }
    }

    /// <summary>Every page a step's link can open, each with the slot values under which it does.</summary>
    private static IEnumerable<(string Url, IReadOnlyDictionary<string, string> When)> PossibleUrls(ContentCatalog content, LinkRef link)
    {
        if (link.Id != LinkRef.BscRoute)
        {
            if (content.Links.TryGetValue(link.Id, out var definition))
            {
                yield return (definition.Url, link.When);
            }

            yield break;
        }

        foreach (var network in content.Networks.Values.Where(n => n.Key != LinkRef.BscNetwork))
        {
            var when = new Dictionary<string, string>(link.When) { [Slots.Network] = network.Key };
            if (!Compatible(link.When, when))
            {
                continue;
            }

            var url = network.Bridge is { Connects: LinkRef.BscNetwork } own ? own.Url : content.Links.GetValueOrDefault(LinkRef.BscRouteFallback)?.Url;
            if (url is not null)
            {
                yield return (url, when);
            }
        }
    }

    private static bool Compatible(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.All(pair => !b.TryGetValue(pair.Key, out var other) || other == pair.Value);

    /// <summary>
    /// An L2's own bridge connects it to Ethereum: a link to it in content would present it as a way to or from
    /// BNB Smart Chain, which it is not. Only the <c>bsc-route</c> link may open a chain's own bridge, and only one that
    /// connects to BSC.
    /// </summary>
    private static void ValidateBridgeLinks(ContentCatalog content, Action<SourceRef, string> error)
    {
        foreach (var link in content.Links.Values)
        {
            foreach (var network in content.Networks.Values)
            {
                if (network.Bridge is { } bridge && bridge.Connects != LinkRef.BscNetwork && SamePage(link.Url, bridge.Url))
                {
                    var other = content.Networks.GetValueOrDefault(bridge.Connects)?.Name ?? bridge.Connects;
                    error(link.Source, $"link '{link.Id}' opens {network.Name}'s own bridge, which connects it to {other}, not to BNB Smart Chain; " +
                        "the bot's advice is about BSC, so it must not offer that bridge");
                }
            }
        }
    }

    private static bool SamePage(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
        && string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase)
        && string.Equals(x.AbsolutePath.TrimEnd('/'), y.AbsolutePath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static void ValidateAmbiguousNames(ContentCatalog content, Action<SourceRef, string> error, Action<string, SourceRef> useText)
    {
        foreach (var name in content.Lexicon.Ambiguous.Values)
        {
            useText(name.QuestionKey, name.Source);
            if (name.Words.Count + name.CaseSensitiveWords.Count == 0)
            {
                error(name.Source, $"ambiguous name '{name.Id}' has no words");
            }

            if (name.Means.Count < 2)
            {
                error(name.Source, $"ambiguous name '{name.Id}' must list at least two networks it may mean");
            }

            foreach (var network in name.Means)
            {
                useText(name.LabelKey(network), name.Source);
                if (!content.Networks.ContainsKey(network))
                {
                    error(name.Source, $"ambiguous name '{name.Id}' means unknown network '{network}'");
                }

                var payload = ChoicePayload.Network(network, content.Scenarios.Keys.MaxBy(k => k.Length));
                if (Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
                {
                    error(name.Source, $"button payload '{payload}' is longer than {MaxPayloadBytes} bytes; shorten the network or scenario id");
                }
            }
        }
    }

    private static HashSet<string> Reachable(ScenarioDefinition scenario, HashSet<(string Scenario, string Step)> externalEntries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var entry in new[] { scenario.Start, scenario.OnTransaction, scenario.OnAddress }
                     .Concat(externalEntries.Where(e => e.Scenario == scenario.Id).Select(e => e.Step)))
        {
            if (entry is not null && seen.Add(entry))
            {
                queue.Enqueue(entry);
            }
        }

        while (queue.TryDequeue(out var id))
        {
            if (!scenario.Steps.TryGetValue(id, out var step))
            {
                continue;
            }

            foreach (var next in step.Choices.Select(c => c.Next).Append(step.OnTransaction).Append(step.OnAddress))
            {
                if (next is not null && seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen;
    }

    private static void ValidateNetworks(ContentCatalog content, Action<SourceRef, string> error)
    {
        var chainIds = new HashSet<long>();
        foreach (var network in content.Networks.Values)
        {
            if (network.ChainId is { } id && !chainIds.Add(id))
            {
                error(network.Source, $"chain id {id} is used twice");
            }

            if (network.Active && network.ChainId is null)
            {
                error(network.Source, $"active network '{network.Key}' needs a chain-id");
            }

            if (network.Active && !network.BuiltIn && (network.ManualRpc is null || network.ManualRpcSource is null))
            {
                error(network.Source, $"active network '{network.Key}' needs 'manual-rpc' and 'manual-rpc-source' (the RPC its own documentation lists, and that page), or 'built-in: true'");
            }

            if (network.Bridge is { } bridge && (!content.Networks.ContainsKey(bridge.Connects) || bridge.Connects == network.Key))
            {
                error(bridge.Source, $"bridge of '{network.Key}' connects to unknown network '{bridge.Connects}'");
            }

            foreach (var url in network.Rpc.Concat(new[] { network.Explorer, network.ManualRpc, network.ManualRpcSource, network.Bridge?.Url }.OfType<string>()))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                {
                    error(network.Source, $"'{url}' must be an absolute https URL");
                }
            }

            foreach (var (template, placeholder) in new[] { (network.ExplorerTx, "{hash}"), (network.ExplorerAddress, "{address}"), (network.ExplorerToken, "{address}") })
            {
                if (template is not null && !template.Contains(placeholder, StringComparison.Ordinal))
                {
                    error(network.Source, $"explorer template '{template}' must contain {placeholder}");
                }
            }

            ValidateTokens(network, error);
        }
    }

    /// <summary>
    /// A name means one network (names meaning several are <c>ambiguous:</c> in triage.yaml), and a name that needs
    /// context has the words that give it.
    /// </summary>
    private static void ValidateNetworkNames(ContentCatalog content, Action<SourceRef, string> error)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var words = content.Lexicon.NetworkWords;
        foreach (var network in content.Networks.Values)
        {
            var names = network.Aliases.Concat(network.AliasesInContext).Concat(network.AliasesAfterPreposition)
                .Select(a => string.Join(' ', Triage.TextNormalizer.Tokenize(a.TrimEnd('*')).Select(t => t.Normalized)))
                .Concat(network.CaseSensitiveAliases);
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                if (name.Length == 0)
                {
                    error(network.Source, $"network '{network.Key}' has an empty name");
                }
                else if (!owners.TryAdd(name, network.Key))
                {
                    error(network.Source, $"name '{name}' of network '{network.Key}' is a name of '{owners[name]}' too; list it under 'ambiguous' in triage.yaml instead");
                }
            }

            if (network.AliasesInContext.Count + network.AliasesAfterPreposition.Count > 0 && words.Before.Count + words.After.Count == 0)
            {
                error(network.Source, $"network '{network.Key}' has names in context, but triage.yaml has no 'network-words' (before, after)");
            }

            if (network.AliasesAfterPreposition.Count > 0 && words.Prepositions.Count == 0)
            {
                error(network.Source, $"network '{network.Key}' has names after a preposition, but triage.yaml 'network-words' has no prepositions");
            }
        }
    }

    /// <summary>Largest decimals a real token uses is 18–24; 36 leaves room and still fits a readable amount.</summary>
    private const int MaxTokenDecimals = 36;

    private static void ValidateTokens(NetworkDefinition network, Action<SourceRef, string> error)
    {
        if (network.Tokens.Count > 0 && network.ChainId is null)
        {
            error(network.Tokens[0].Source, $"network '{network.Key}' has tokens but no chain-id");
        }

        var contracts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in network.Tokens)
        {
            // Mixed case that matches EIP-55 exactly: a typo in one character changes the checksum and is caught here.
            if (!Triage.Encodings.Eip55.IsValid(token.Contract) || !token.Contract.StartsWith("0x", StringComparison.Ordinal)
                || token.Contract != Triage.Encodings.Eip55.ToChecksumAddress(token.Contract))
            {
                error(token.Source, $"token contract '{token.Contract}' must be a 0x address in its EIP-55 checksum form");
            }
            else if (!contracts.Add(token.Contract))
            {
                error(token.Source, $"token contract '{token.Contract}' is listed twice on '{network.Key}'");
            }

            if (token.Decimals is < 0 or > MaxTokenDecimals)
            {
                error(token.Source, $"token '{token.Symbol}' has decimals {token.Decimals}; they must be between 0 and {MaxTokenDecimals}");
            }

            if (token.Symbol.Length > 16 || token.Symbol.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '.' and not '-' and not '_'))
            {
                error(token.Source, $"token symbol '{token.Symbol}' must be up to 16 letters, digits, '.', '-' or '_'");
            }
        }
    }

    private static void ValidateTexts(ContentCatalog content, Dictionary<string, SourceRef> used, List<ContentError> errors)
    {
        var languages = content.Texts.ByLanguage;
        foreach (var (key, at) in used)
        {
            foreach (var language in languages.Keys.Where(l => !content.Texts.Has(l, key)))
            {
                errors.Add(new ContentError(at.File, at.Line, $"text '{key}' is missing in content/locales/{language}.yaml"));
            }
        }

        foreach (var (language, texts) in languages)
        {
            foreach (var (key, entry) in texts)
            {
                foreach (var other in languages.Keys.Where(l => l != language && !content.Texts.Has(l, key)))
                {
                    errors.Add(new ContentError(entry.Source.File, entry.Source.Line, $"text '{key}' has no translation in content/locales/{other}.yaml"));
                }

                ValidatePlural(language, key, entry, errors);
                foreach (Match match in (entry.Forms is { } forms ? forms.Values : [entry.Value]).SelectMany(text => PlaceholderPattern().Matches(text)))
                {
                    if (!Placeholders.Known.Contains(match.Groups[1].Value))
                    {
                        errors.Add(new ContentError(entry.Source.File, entry.Source.Line,
                            $"text '{key}' uses unknown placeholder {{{match.Groups[1].Value}}} (known: {string.Join(", ", Placeholders.Known.Order(StringComparer.Ordinal))})"));
                    }
                }
            }
        }
    }

    private static void ValidatePlural(string language, string key, TextEntry entry, List<ContentError> errors)
    {
        void Error(string message) => errors.Add(new ContentError(entry.Source.File, entry.Source.Line, message));

        if (entry.Forms is null)
        {
            if (key.StartsWith(TextCatalog.CountPrefix, StringComparison.Ordinal))
            {
                Error($"text '{key}' counts something, so it needs plural forms ({string.Join(", ", (PluralRules.Required(language) ?? []).Select(PluralRules.Name))})");
            }

            return;
        }

        if (PluralRules.Required(language) is not { } required)
        {
            Error($"text '{key}' has plural forms, but there are no plural rules for language '{language}'");
            return;
        }

        var missing = required.Where(c => !entry.Forms.ContainsKey(c)).Select(PluralRules.Name).ToList();
        if (missing.Count > 0)
        {
            Error($"text '{key}' lacks the plural form(s) {string.Join(", ", missing)} that {language} needs");
        }

        foreach (var extra in entry.Forms.Keys.Where(c => !required.Contains(c) && c != PluralCategory.Other))
        {
            Error($"text '{key}' has a '{PluralRules.Name(extra)}' form, which {language} never uses");
        }

        if (entry.Forms.Values.Any(f => !f.Contains(TextCatalog.CountPlaceholder, StringComparison.Ordinal)))
        {
            Error($"every plural form of '{key}' must show the number as {TextCatalog.CountPlaceholder}");
        }
    }

    [GeneratedRegex(@"\{([^{}\s]*)\}")]
    internal static partial Regex PlaceholderPattern();
}
