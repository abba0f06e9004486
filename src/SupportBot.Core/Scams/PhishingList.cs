using System.IO.Compression;
using System.Text.Json;

namespace SupportBot.Core.Scams;

/// <summary>
/// One phishing list in the format of MetaMask's eth-phishing-detect (<c>blacklist</c>, <c>whitelist</c>,
/// <c>fuzzylist</c>, <c>tolerance</c>; or <c>blocklist</c>/<c>allowlist</c>), indexed for lookups without allocation.
/// Matching follows the original: a list entry matches the domain itself and every subdomain of it; the fuzzy check
/// drops the last label, removes the first <c>www.</c>, and compares against the fuzzylist only.
/// </summary>
public sealed class PhishingList
{
    /// <summary>The tolerance eth-phishing-detect uses when a list names none.</summary>
    public const int DefaultTolerance = 3;

    private readonly HashSet<string> allow;
    private readonly HashSet<string> block;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> allowLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> blockLookup;
    private readonly (string Domain, string FuzzyForm)[] fuzzy;

    private PhishingList(string name, string? version, IEnumerable<string> allowlist, IEnumerable<string> blocklist, IEnumerable<string> fuzzylist, int tolerance)
    {
        Name = name;
        Version = version;
        Tolerance = tolerance;
        allow = new HashSet<string>(allowlist.Select(NormalizeEntry).Where(e => e.Length > 0), StringComparer.Ordinal);
        block = new HashSet<string>(blocklist.Select(NormalizeEntry).Where(e => e.Length > 0), StringComparer.Ordinal);
        allowLookup = allow.GetAlternateLookup<ReadOnlySpan<char>>();
        blockLookup = block.GetAlternateLookup<ReadOnlySpan<char>>();
        fuzzy = fuzzylist.Select(NormalizeEntry).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).Select(d => (d, WithoutLastLabel(d))).ToArray();
        Fuzzylist = fuzzy.Select(f => f.Domain).ToArray();
        EmbeddedForms = fuzzy.Select(f => (f.Domain, "." + f.Domain, f.Domain.Replace('.', '-'))).ToArray();
    }

    /// <summary>Who made the list: shown as the reason's source.</summary>
    public string Name { get; }

    /// <summary>The list's own version field, when it has one.</summary>
    public string? Version { get; }

    /// <summary>The largest edit distance to a fuzzylist entry that still counts as a lookalike; 0 turns the check off.</summary>
    public int Tolerance { get; }

    public int AllowlistCount => allow.Count;

    public int BlocklistCount => block.Count;

    /// <summary>The official domains whose lookalikes are flagged.</summary>
    public IReadOnlyList<string> Fuzzylist { get; }

    // Each fuzzylist domain as a suffix and with its dots as hyphens (metamask-io), for the embedded-name check.
    internal IReadOnlyList<(string Domain, string AsSuffix, string Hyphenated)> EmbeddedForms { get; }

    /// <summary>Builds a list from entries (our own, from <c>content/scams-links.yaml</c>).</summary>
    /// <param name="name">Who made the list.</param>
    /// <param name="allowlist">Domains never flagged, with their subdomains.</param>
    /// <param name="blocklist">Domains always flagged, with their subdomains.</param>
    /// <param name="fuzzylist">Official domains whose lookalikes are flagged.</param>
    /// <param name="tolerance">The edit distance for lookalikes.</param>
    public static PhishingList Create(string name, IEnumerable<string> allowlist, IEnumerable<string> blocklist, IEnumerable<string> fuzzylist, int tolerance) =>
        new(name, null, allowlist, blocklist, fuzzylist, tolerance);

    /// <summary>Reads the eth-phishing-detect JSON (also wrapped in <c>data</c>, as MetaMask's API serves it).</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <param name="name">Who made the list.</param>
    /// <exception cref="FormatException">Not JSON, or no blocklist in it.</exception>
    public static PhishingList Parse(ReadOnlySpan<byte> json, string name = "eth-phishing-detect")
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                root = data;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("a phishing list is a JSON object");
            }

            var blocklist = Strings(root, "blacklist", "blocklist") ?? throw new FormatException("the list has no blacklist (or blocklist)");
            var tolerance = root.TryGetProperty("tolerance", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var value) && value >= 0
                ? value
                : DefaultTolerance;
            var version = root.TryGetProperty("version", out var v) && v.ValueKind is JsonValueKind.Number or JsonValueKind.String ? v.ToString() : null;
            return new PhishingList(name, version, Strings(root, "whitelist", "allowlist") ?? [], blocklist, Strings(root, "fuzzylist") ?? [], tolerance);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the phishing list is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the list from a file, gzip-compressed or not.</summary>
    /// <param name="path">The file.</param>
    /// <param name="name">Who made the list.</param>
    /// <exception cref="FormatException">The file is not a phishing list.</exception>
    public static PhishingList Load(string path, string name = "eth-phishing-detect") => Parse(Decompress(File.ReadAllBytes(path)), name);

    /// <summary>The bytes themselves, or what they hold when they are gzip.</summary>
    /// <param name="bytes">Maybe gzip.</param>
    /// <param name="limit">The most bytes to inflate: a small bomb must not fill the memory.</param>
    /// <exception cref="FormatException">Broken gzip, or more than <paramref name="limit"/> inside.</exception>
    public static byte[] Decompress(byte[] bytes, long limit = 64 << 20)
    {
        if (bytes is not [0x1f, 0x8b, ..])
        {
            return bytes;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > limit)
                {
                    throw new FormatException($"the compressed list holds more than {limit} bytes");
                }
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new FormatException($"the list is broken gzip: {ex.Message}", ex);
        }
    }

    /// <summary>The allowlist entry the host is, or is a subdomain of.</summary>
    /// <param name="host">Lower-case, no trailing dot.</param>
    public string? AllowlistMatch(string host) => SuffixMatch(allowLookup, host);

    /// <summary>The blocklist entry the host is, or is a subdomain of.</summary>
    /// <param name="host">Lower-case, no trailing dot.</param>
    public string? BlocklistMatch(string host) => SuffixMatch(blockLookup, host);

    /// <summary>
    /// The fuzzylist entry the host is within <see cref="Tolerance"/> edits of, as eth-phishing-detect compares them:
    /// the host without its last label and without its first <c>www.</c> against each entry without its last label.
    /// </summary>
    /// <param name="host">Lower-case, no trailing dot.</param>
    public string? FuzzyMatch(string host)
    {
        if (Tolerance <= 0 || fuzzy.Length == 0)
        {
            return null;
        }

        var form = WithoutLastLabel(host);
        var www = form.IndexOf("www.", StringComparison.Ordinal);
        if (www >= 0)
        {
            form = string.Concat(form.AsSpan(0, www), form.AsSpan(www + 4));
        }

        foreach (var (domain, target) in fuzzy)
        {
            if (Levenshtein.IsWithin(form, target, Tolerance))
            {
                return domain;
            }
        }

        return null;
    }

    /// <summary>This list alone, in eth-phishing-detect's order: allowlist, then blocklist, then fuzzylist.</summary>
    /// <param name="host">Lower-case, no trailing dot.</param>
    public LinkVerdict Check(string host)
    {
        if (AllowlistMatch(host) is { } allowed)
        {
            return new LinkVerdict(LinkRisk.Allowlisted, $"{allowed} is on the allowlist", ListName: Name);
        }

        if (BlocklistMatch(host) is { } blocked)
        {
            return new LinkVerdict(LinkRisk.Blocklisted, $"{blocked} is on the blocklist", ListName: Name);
        }

        return FuzzyMatch(host) is { } official
            ? new LinkVerdict(LinkRisk.Lookalike, $"looks like {official}", official, Name)
            : new LinkVerdict(LinkRisk.NotListed, "on no list");
    }

    // a.b.c is checked as a.b.c, b.c and c: the entry matches the domain and every subdomain of it.
    private static string? SuffixMatch(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> set, string host)
    {
        var span = host.AsSpan();
        while (true)
        {
            if (set.TryGetValue(span, out var entry))
            {
                return entry;
            }

            var dot = span.IndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            span = span[(dot + 1)..];
        }
    }

    private static string WithoutLastLabel(string domain)
    {
        var dot = domain.LastIndexOf('.');
        return dot < 0 ? "" : domain[..dot];
    }

    private static string NormalizeEntry(string entry) => entry.Trim().TrimEnd('.').ToLowerInvariant();

    private static List<string>? Strings(JsonElement root, params string[] names)
    {
        foreach (var name in names)
        {
            if (!root.TryGetProperty(name, out var array))
            {
                continue;
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"'{name}' is not an array");
            }

            var list = new List<string>(array.GetArrayLength());
            foreach (var item in array.EnumerateArray())
            {
                list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new FormatException($"'{name}' holds a {item.ValueKind}, not a domain"));
            }

            return list;
        }

        return null;
    }
}

/// <summary>Edit distance with an early exit: only "within k edits or not" is needed.</summary>
internal static class Levenshtein
{
    public static bool IsWithin(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return false;
        }

        Span<int> previous = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return false;
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length] <= limit;
    }
}
