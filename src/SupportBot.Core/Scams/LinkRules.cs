using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Core.Scams;

/// <summary>
/// Our own entries, from <c>content/scams-links.yaml</c>: an allowlist of official domains (never flagged), a blocklist,
/// a fuzzylist of official domains the downloaded list does not cover (Binance, BNB Chain), and the link shorteners
/// whose targets stay unknown.
/// </summary>
/// <param name="Own">Our allow-, block- and fuzzylist, checked alongside the downloaded list.</param>
/// <param name="Shorteners">Shortener domains (subdomains included).</param>
public sealed record LinkRules(PhishingList Own, IReadOnlySet<string> Shorteners)
{
    /// <summary>The file under the content folder.</summary>
    public const string FileName = "scams-links.yaml";

    /// <summary>The list name our entries report.</summary>
    public const string ListName = "SupportBot";

    /// <summary>The snapshot of eth-phishing-detect's list under the content folder.</summary>
    public const string SnapshotFileName = "phishing-list.json.gz";

    /// <summary>Reads <c>scams-links.yaml</c>.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FormatException">A key is missing or not a list of domains.</exception>
    public static LinkRules Load(string path)
    {
        using var reader = new StreamReader(path);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{path}: line {ex.Start.Line}: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's parser reports some unclosed structures this way.
            throw new FormatException($"{path}: not valid YAML ({ex.Message})", ex);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException($"{path}: expected a mapping with allowlist, blocklist, fuzzylist, tolerance, shorteners");
        }

        var tolerance = Scalar(root, "tolerance") is { } t && int.TryParse(t, out var value) && value >= 0
            ? value
            : throw new FormatException($"{path}: 'tolerance' must be a whole number ≥ 0");
        var own = PhishingList.Create(ListName, Domains(root, "allowlist", path), Domains(root, "blocklist", path), Domains(root, "fuzzylist", path), tolerance);
        return new LinkRules(own, Domains(root, "shorteners", path).Select(d => d.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The shortener the host is, or is a subdomain of.</summary>
    /// <param name="host">Lower-case ASCII host.</param>
    public bool IsShortener(string host)
    {
        for (var span = host; ; span = span[(span.IndexOf('.') + 1)..])
        {
            if (Shorteners.Contains(span))
            {
                return true;
            }

            if (!span.Contains('.', StringComparison.Ordinal))
            {
                return false;
            }
        }
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    private static List<string> Domains(YamlMappingNode map, string key, string path)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is not YamlSequenceNode sequence)
        {
            throw new FormatException($"{path}: '{key}' must be a list of domains");
        }

        return sequence.Children.Select(n => n is YamlScalarNode { Value: { Length: > 0 } value } && !value.Contains(' ', StringComparison.Ordinal)
            ? value
            : throw new FormatException($"{path}: '{key}' holds something that is not a domain (line {n.Start.Line})")).ToList();
    }
}
