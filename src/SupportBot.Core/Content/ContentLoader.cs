using YamlDotNet.RepresentationModel;

namespace SupportBot.Core.Content;

/// <summary>Reads the content tree into definitions, collecting every error instead of stopping at the first.</summary>
internal static class ContentLoader
{
    public static (ContentCatalog? Catalog, IReadOnlyList<ContentError> Errors) LoadAndValidate(string root)
    {
        var errors = new List<ContentError>();
        if (!Directory.Exists(root))
        {
            errors.Add(new ContentError(root, 0, "content directory not found"));
            return (null, errors);
        }

        var scenarios = LoadScenarios(root, errors);
        var texts = LoadTexts(root, errors);
        var networks = LoadNetworks(root, errors);
        var links = LoadLinks(root, errors);
        var lexicon = LoadLexicon(root, errors);
        var intents = IntentExamplesLoader.Load(root, errors);
        var answers = AnswerKindsLoader.Load(root, errors);
        var scamPeople = Scams.ScamPeopleContent.Load(root, errors);
        var catalog = new ContentCatalog(scenarios, texts, networks, links, lexicon) { Intents = intents, Answers = answers, ScamPeople = scamPeople };
        ContentValidator.Validate(catalog, errors);
        return (errors.Count == 0 ? catalog : null, errors);
    }

    private static YamlMappingNode? Open(string root, string relative, List<ContentError> errors, out YamlReader reader)
    {
        reader = new YamlReader(Path.Combine("content", relative).Replace('\\', '/'), errors);
        var path = Path.Combine(root, relative);
        if (File.Exists(path))
        {
            return YamlReader.Open(path, reader.DisplayPath, errors);
        }

        errors.Add(new ContentError(reader.DisplayPath, 0, "file not found"));
        return null;
    }

    private static Dictionary<string, ScenarioDefinition> LoadScenarios(string root, List<ContentError> errors)
    {
        var scenarios = new Dictionary<string, ScenarioDefinition>(StringComparer.Ordinal);
        var folder = Path.Combine(root, "scenarios");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).ToArray() : [];
        foreach (var file in files)
        {
            if (Open(root, Path.Combine("scenarios", Path.GetFileName(file)), errors, out var r) is not { } map)
            {
                continue;
            }

            r.OnlyKeys(map, "id", "title", "start", "on-transaction", "on-address", "steps");
            var id = r.String(map, "id", required: true) ?? Path.GetFileNameWithoutExtension(file);
            if (id != Path.GetFileNameWithoutExtension(file))
            {
                r.Error(map, $"scenario id '{id}' must match its file name");
            }

            var steps = new Dictionary<string, StepDefinition>(StringComparer.Ordinal);
            foreach (var node in r.Sequence(map, "steps", required: true))
            {
                if (r.Mapping(node, "a step") is not { } stepMap || ReadStep(r, stepMap) is not { } step)
                {
                    continue;
                }

                if (!steps.TryAdd(step.Id, step))
                {
                    r.Error(stepMap, $"duplicate step id '{step.Id}'");
                }
            }

            var scenario = new ScenarioDefinition(id, r.String(map, "title", required: true) ?? "", r.String(map, "start", required: true) ?? "", steps, r.At(map))
            {
                OnTransaction = r.String(map, "on-transaction", required: false),
                OnAddress = r.String(map, "on-address", required: false),
            };
            if (!scenarios.TryAdd(id, scenario))
            {
                r.Error(map, $"duplicate scenario id '{id}'");
            }
        }

        if (scenarios.Count == 0)
        {
            errors.Add(new ContentError("content/scenarios", 0, "no scenario files found"));
        }

        return scenarios;
    }

    private static StepDefinition? ReadStep(YamlReader r, YamlMappingNode map)
    {
        r.OnlyKeys(map, "id", "text", "asks", "choices", "on-transaction", "on-address", "links", "lookup", "handoff");
        var id = r.String(map, "id", required: true);
        var text = r.String(map, "text", required: true);
        if (id is null || text is null)
        {
            return null;
        }

        var choices = new List<ChoiceDefinition>();
        foreach (var node in r.Sequence(map, "choices", required: false))
        {
            if (r.Mapping(node, "a choice") is not { } choice)
            {
                continue;
            }

            r.OnlyKeys(choice, "label", "next", "scenario", "at", "set");
            choices.Add(new ChoiceDefinition(r.String(choice, "label", required: true) ?? "", r.At(choice))
            {
                Next = r.String(choice, "next", required: false),
                Scenario = r.String(choice, "scenario", required: false),
                At = r.String(choice, "at", required: false),
                Set = r.Pairs(choice, "set"),
            });
        }

        var links = new List<LinkRef>();
        foreach (var node in r.Sequence(map, "links", required: false))
        {
            switch (node)
            {
                case YamlScalarNode { Value: { Length: > 0 } linkId }:
                    links.Add(new LinkRef(linkId, new Dictionary<string, string>(), r.At(node)));
                    break;
                case YamlMappingNode link:
                    r.OnlyKeys(link, "id", "when");
                    links.Add(new LinkRef(r.String(link, "id", required: true) ?? "", r.Pairs(link, "when"), r.At(link)));
                    break;
                default:
                    r.Error(node, "a link is an id or {id, when}");
                    break;
            }
        }

        return new StepDefinition(id, text, r.At(map))
        {
            Choices = choices,
            OnTransaction = r.String(map, "on-transaction", required: false),
            OnAddress = r.String(map, "on-address", required: false),
            Asks = r.String(map, "asks", required: false),
            Links = links,
            Handoff = r.Boolean(map, "handoff") ?? false,
            Lookup = r.String(map, "lookup", required: false) switch
            {
                null => LookupKind.None,
                "transaction" => LookupKind.Transaction,
                "address" => LookupKind.Address,
                var other => InvalidLookup(other),
            },
        };

        LookupKind InvalidLookup(string value)
        {
            r.Error(r.Node(map, "lookup")!, $"unknown lookup '{value}' (transaction or address)");
            return LookupKind.None;
        }
    }

    private static TextCatalog LoadTexts(string root, List<ContentError> errors)
    {
        var byLanguage = new Dictionary<string, IReadOnlyDictionary<string, TextEntry>>(StringComparer.Ordinal);
        var folder = Path.Combine(root, "locales");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).ToArray() : [];
        foreach (var file in files)
        {
            if (Open(root, Path.Combine("locales", Path.GetFileName(file)), errors, out var r) is not { } map)
            {
                continue;
            }

            var texts = new Dictionary<string, TextEntry>(StringComparer.Ordinal);
            Flatten(r, map, "", texts);
            byLanguage[Path.GetFileNameWithoutExtension(file)] = texts;
        }

        if (!byLanguage.ContainsKey(TextCatalog.DefaultLanguage))
        {
            errors.Add(new ContentError("content/locales", 0, $"no '{TextCatalog.DefaultLanguage}.yaml' locale"));
        }

        return new TextCatalog(byLanguage);
    }

    // Nested mappings make dotted keys: {menu: {prompt: …}} is "menu.prompt". A mapping whose keys are all plural
    // categories ({one: …, few: …, many: …}) is one plural text.
    private static void Flatten(YamlReader r, YamlMappingNode map, string prefix, Dictionary<string, TextEntry> texts)
    {
        foreach (var (keyNode, value) in map.Children)
        {
            var key = prefix + ((YamlScalarNode)keyNode).Value;
            switch (value)
            {
                case YamlMappingNode plural when plural.Children.Count > 0
                    && plural.Children.Keys.All(k => PluralRules.TryParse((k as YamlScalarNode)?.Value, out _)):
                    var forms = new Dictionary<PluralCategory, string>();
                    foreach (var (formKey, formValue) in plural.Children)
                    {
                        PluralRules.TryParse(((YamlScalarNode)formKey).Value, out var category);
                        if (formValue is YamlScalarNode { Value: { Length: > 0 } form })
                        {
                            forms[category] = form.TrimEnd();
                        }
                        else
                        {
                            r.Error(formValue, $"plural form '{key}.{PluralRules.Name(category)}' must be a non-empty text");
                        }
                    }

                    var general = forms.GetValueOrDefault(PluralCategory.Other) ?? forms.GetValueOrDefault(PluralCategory.Many) ?? forms.Values.FirstOrDefault() ?? "";
                    texts[key] = new TextEntry(general, r.At(value)) { Forms = forms };
                    break;
                case YamlMappingNode nested:
                    Flatten(r, nested, key + ".", texts);
                    break;
                case YamlScalarNode { Value: { Length: > 0 } text }:
                    texts[key] = new TextEntry(text.TrimEnd(), r.At(value));
                    break;
                default:
                    r.Error(value, $"text '{key}' must be a non-empty text");
                    break;
            }
        }
    }

    private static Dictionary<string, NetworkDefinition> LoadNetworks(string root, List<ContentError> errors)
    {
        var networks = new Dictionary<string, NetworkDefinition>(StringComparer.Ordinal);
        if (Open(root, "networks.yaml", errors, out var r) is not { } map)
        {
            return networks;
        }

        r.OnlyKeys(map, "networks");
        foreach (var node in r.Sequence(map, "networks", required: true))
        {
            if (r.Mapping(node, "a network") is not { } n)
            {
                continue;
            }

            r.OnlyKeys(n, "key", "name", "chain-id", "native-symbol", "native-decimals", "active", "rpc", "manual-rpc", "manual-rpc-source",
                "built-in", "explorer", "explorer-tx", "explorer-address", "explorer-token", "bridge", "aliases", "aliases-case-sensitive",
                "aliases-in-context", "aliases-after-preposition", "tokens");
            var key = r.String(n, "key", required: true);
            var name = r.String(n, "name", required: true);
            if (key is null || name is null)
            {
                continue;
            }

            var network = new NetworkDefinition(key, name, r.At(n))
            {
                ChainId = r.Integer(n, "chain-id", required: false),
                NativeSymbol = r.String(n, "native-symbol", required: false),
                NativeDecimals = (int)(r.Integer(n, "native-decimals", required: false) ?? 18),
                Active = r.Boolean(n, "active") ?? true,
                Rpc = r.Strings(n, "rpc"),
                ManualRpc = r.String(n, "manual-rpc", required: false),
                ManualRpcSource = r.String(n, "manual-rpc-source", required: false),
                BuiltIn = r.Boolean(n, "built-in") ?? false,
                Explorer = r.String(n, "explorer", required: false),
                ExplorerTx = r.String(n, "explorer-tx", required: false),
                ExplorerAddress = r.String(n, "explorer-address", required: false),
                ExplorerToken = r.String(n, "explorer-token", required: false),
                Bridge = ReadBridge(r, n),
                Aliases = r.Strings(n, "aliases"),
                CaseSensitiveAliases = r.Strings(n, "aliases-case-sensitive"),
                AliasesInContext = r.Strings(n, "aliases-in-context"),
                AliasesAfterPreposition = r.Strings(n, "aliases-after-preposition"),
                Tokens = LoadTokens(r, n),
            };
            if (!networks.TryAdd(key, network))
            {
                r.Error(n, $"duplicate network key '{key}'");
            }
        }

        return networks;
    }

    private static List<TokenDefinition> LoadTokens(YamlReader r, YamlMappingNode network)
    {
        var tokens = new List<TokenDefinition>();
        foreach (var node in r.Sequence(network, "tokens", required: false))
        {
            if (r.Mapping(node, "a token") is not { } t)
            {
                continue;
            }

            r.OnlyKeys(t, "contract", "symbol", "decimals");
            var contract = r.String(t, "contract", required: true);
            var symbol = r.String(t, "symbol", required: true);
            var decimals = r.Integer(t, "decimals", required: true);
            if (contract is not null && symbol is not null && decimals is not null)
            {
                // Out-of-range decimals are the validator's to report; the cast must not wrap them into range first.
                tokens.Add(new TokenDefinition(contract, symbol, (int)Math.Clamp(decimals.Value, -1, 1000), r.At(t)));
            }
        }

        return tokens;
    }

    private static NativeBridge? ReadBridge(YamlReader r, YamlMappingNode network)
    {
        if (r.Node(network, "bridge") is not { } node)
        {
            return null;
        }

        if (r.Mapping(node, "'bridge'") is not { } bridge)
        {
            return null;
        }

        r.OnlyKeys(bridge, "url", "connects");
        return new NativeBridge(r.String(bridge, "url", required: true) ?? "", r.String(bridge, "connects", required: true) ?? "", r.At(bridge));
    }

    private static Dictionary<string, LinkDefinition> LoadLinks(string root, List<ContentError> errors)
    {
        var links = new Dictionary<string, LinkDefinition>(StringComparer.Ordinal);
        if (Open(root, "links.yaml", errors, out var r) is not { } map)
        {
            return links;
        }

        r.OnlyKeys(map, "links");
        if (r.Mapping(r.Node(map, "links"), "'links'") is not { } all)
        {
            r.Error(map, "missing 'links'");
            return links;
        }

        foreach (var (keyNode, value) in all.Children)
        {
            var id = ((YamlScalarNode)keyNode).Value ?? "";
            if (r.Mapping(value, $"link '{id}'") is not { } link)
            {
                continue;
            }

            r.OnlyKeys(link, "label", "url");
            links[id] = new LinkDefinition(id, r.String(link, "label", required: true) ?? "", r.String(link, "url", required: true) ?? "", r.At(link));
        }

        return links;
    }

    private static TriageLexicon LoadLexicon(string root, List<ContentError> errors)
    {
        var intents = new Dictionary<string, IntentKeywords>(StringComparer.Ordinal);
        var routes = new Dictionary<string, StepAddress>(StringComparer.Ordinal);
        var commands = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var ambiguous = new Dictionary<string, AmbiguousName>(StringComparer.Ordinal);
        var lexicon = new TriageLexicon(intents, routes, commands) { Ambiguous = ambiguous };
        if (Open(root, "triage.yaml", errors, out var r) is not { } map)
        {
            return lexicon;
        }

        r.OnlyKeys(map, "intents", "routes", "commands", "ambiguous", "network-words");
        var intentMap = r.Mapping(r.Node(map, "intents"), "'intents'");
        foreach (var (keyNode, value) in intentMap?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (r.Mapping(value, "an intent") is not { } languages)
            {
                continue;
            }

            var byLanguage = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (language, _) in languages.Children)
            {
                var name = ((YamlScalarNode)language).Value!;
                if (name != "weight")
                {
                    byLanguage[name] = r.Strings(languages, name);
                }
            }

            var weight = r.String(languages, "weight", required: false) is { } text
                && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 1;
            intents[((YamlScalarNode)keyNode).Value!] = new IntentKeywords(byLanguage, weight);
        }

        var routeMap = r.Mapping(r.Node(map, "routes"), "'routes'");
        if (routeMap is not null)
        {
            r.OnlyKeys(routeMap, TriageRoutes.All);
            foreach (var (keyNode, value) in routeMap.Children)
            {
                if (value is YamlScalarNode { Value: { Length: > 0 } target })
                {
                    var parts = target.Split('/', 2);
                    routes[((YamlScalarNode)keyNode).Value!] = new StepAddress(parts[0], parts.Length > 1 ? parts[1] : null, r.At(value));
                }
                else
                {
                    r.Error(value, "a route is 'scenario' or 'scenario/step'");
                }
            }
        }

        var commandMap = r.Mapping(r.Node(map, "commands"), "'commands'");
        if (commandMap is not null)
        {
            r.OnlyKeys(commandMap, GlobalCommandNames.All);
            foreach (var (keyNode, _) in commandMap.Children)
            {
                var name = ((YamlScalarNode)keyNode).Value!;
                commands[name] = r.Strings(commandMap, name);
            }
        }

        if (r.Node(map, "ambiguous") is { } ambiguousNode && r.Mapping(ambiguousNode, "'ambiguous'") is { } ambiguousMap)
        {
            foreach (var (keyNode, value) in ambiguousMap.Children)
            {
                if (r.Mapping(value, "an ambiguous name") is not { } name)
                {
                    continue;
                }

                r.OnlyKeys(name, "words", "words-case-sensitive", "means");
                var id = ((YamlScalarNode)keyNode).Value!;
                ambiguous[id] = new AmbiguousName(id, r.Strings(name, "words"), r.Strings(name, "words-case-sensitive"), r.Strings(name, "means"), r.At(name));
            }
        }

        if (r.Node(map, "network-words") is { } wordsNode && r.Mapping(wordsNode, "'network-words'") is { } wordsMap)
        {
            r.OnlyKeys(wordsMap, "before", "after", "prepositions");
            lexicon = lexicon with { NetworkWords = new NetworkWords(r.Strings(wordsMap, "before"), r.Strings(wordsMap, "after"), r.Strings(wordsMap, "prepositions")) };
        }

        return lexicon;
    }
}

/// <summary>Entity kinds that <c>routes:</c> in triage.yaml can send somewhere.</summary>
public static class TriageRoutes
{
    public const string Transaction = "transaction";
    public const string Address = "address";
    public const string Bep2 = "bep2";

    /// <summary>A message naming two EVM networks is about moving between them.</summary>
    public const string TwoNetworks = "two-networks";

    public static readonly string[] All = [Transaction, Address, Bep2, TwoNetworks];
}

/// <summary>Commands that work at any step.</summary>
public static class GlobalCommandNames
{
    public const string Menu = "menu";
    public const string Back = "back";
    public const string Restart = "restart";
    public const string Help = "help";
    public const string Language = "language";

    /// <summary>Sent by a channel to open a scenario directly (a deep link): <c>g:scenario:{id}</c>.</summary>
    public const string Scenario = "scenario";

    /// <summary>Sent by a channel when a user comes back (a console restart): shows where the conversation is.</summary>
    public const string Resume = "resume";

    /// <summary>The answer to "which of these is it?": <c>g:intent:{intent}</c>; no argument means "something else".</summary>
    public const string Intent = "intent";

    /// <summary>The commands users can type; <see cref="Resume"/> is for channels only.</summary>
    public static readonly string[] All = [Menu, Back, Restart, Help, Language];
}
