using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Core.Content;

/// <summary>
/// Reads one YAML content file node by node, so every error names the file and line, and unknown keys
/// (a misspelt <c>nxt:</c>) are errors rather than silently ignored.
/// </summary>
internal sealed class YamlReader(string displayPath, List<ContentError> errors)
{
    public string DisplayPath { get; } = displayPath;

    public static YamlMappingNode? Open(string path, string displayPath, List<ContentError> errors)
    {
        try
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(path);
            stream.Load(reader);
            if (stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root)
            {
                return root;
            }

            errors.Add(new ContentError(displayPath, 1, "expected one YAML document with a mapping at the top"));
        }
        catch (YamlException ex)
        {
            errors.Add(new ContentError(displayPath, (int)ex.Start.Line, $"invalid YAML: {ex.Message}"));
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet reports some malformed flow collections ("{a: b" never closed) this way, without a position.
            errors.Add(new ContentError(displayPath, LastReadableLine(path), $"invalid YAML: {ex.Message}"));
        }

        return null;
    }

    /// <summary>The line where parsing gives up: the start of the last event YamlDotNet could read.</summary>
    private static int LastReadableLine(string path)
    {
        using var reader = new StreamReader(path);
        var parser = new Parser(reader);
        var line = 0;
        try
        {
            while (parser.MoveNext())
            {
                line = (int)parser.Current!.Start.Line;
            }
        }
        catch (YamlException ex)
        {
            return (int)ex.Start.Line;
        }
        catch (InvalidOperationException)
        {
            // The position of the last good event is as close as the parser gets.
        }

        return line;
    }

    public SourceRef At(YamlNode node) => new(DisplayPath, (int)node.Start.Line);

    public void Error(YamlNode node, string message) => errors.Add(new ContentError(DisplayPath, (int)node.Start.Line, message));

    public void OnlyKeys(YamlMappingNode map, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            if (key is YamlScalarNode scalar && !allowed.Contains(scalar.Value))
            {
                Error(key, $"unknown key '{scalar.Value}' (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    public YamlNode? Node(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public string? String(YamlMappingNode map, string key, bool required)
    {
        var node = Node(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"missing '{key}'");
            }

            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        Error(node, $"'{key}' must be a non-empty text");
        return null;
    }

    public long? Integer(YamlMappingNode map, string key, bool required)
    {
        var text = String(map, key, required);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(Node(map, key)!, $"'{key}' must be a whole number");
        return null;
    }

    public bool? Boolean(YamlMappingNode map, string key)
    {
        var text = String(map, key, required: false);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(Node(map, key)!, $"'{key}' must be true or false");
        return null;
    }

    public YamlMappingNode? Mapping(YamlNode? node, string what)
    {
        if (node is null or YamlMappingNode)
        {
            return node as YamlMappingNode;
        }

        Error(node, $"{what} must be a mapping");
        return null;
    }

    public IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key, bool required)
    {
        var node = Node(map, key);
        if (node is YamlSequenceNode sequence)
        {
            return sequence.Children;
        }

        if (node is not null)
        {
            Error(node, $"'{key}' must be a list");
        }
        else if (required)
        {
            Error(map, $"missing '{key}'");
        }

        return [];
    }

    public IReadOnlyList<string> Strings(YamlMappingNode map, string key)
    {
        var result = new List<string>();
        foreach (var item in Sequence(map, key, required: false))
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } value })
            {
                result.Add(value);
            }
            else
            {
                Error(item, $"items of '{key}' must be non-empty texts");
            }
        }

        return result;
    }

    /// <summary>A flat mapping of text to text, such as <c>set: {network: bsc}</c>.</summary>
    public IReadOnlyDictionary<string, string> Pairs(YamlMappingNode map, string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Mapping(Node(map, key), $"'{key}'") is not { } pairs)
        {
            return result;
        }

        foreach (var (k, v) in pairs.Children)
        {
            if (k is YamlScalarNode { Value: { Length: > 0 } name } && v is YamlScalarNode { Value: { Length: > 0 } value })
            {
                result[name] = value;
            }
            else
            {
                Error(k, $"'{key}' must map names to texts");
            }
        }

        return result;
    }
}
