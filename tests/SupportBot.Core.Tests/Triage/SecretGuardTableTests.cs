using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SupportBot.Core.Triage;
using Xunit.Abstractions;

namespace SupportBot.Core.Tests.Triage;

/// <summary>
/// The secret guard over a table of phrasings in English and Russian (Data/secret-phrasings.tsv): every secret in it
/// is caught and cut out whole, and its precision and recall are printed.
/// </summary>
public sealed partial class SecretGuardTableTests(ITestOutputHelper output)
{
    private const double MinPrecision = 0.95;

    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        // Hardhat's published development keys and the web3.js documentation's example key: never funded.
        ["K0"] = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaf784d7bf4f2ff80",
        ["K1"] = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        ["K2"] = "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        ["K3"] = "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        ["K4"] = "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        ["K5"] = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
        ["T1"] = "5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060",
        ["BTC1"] = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
        ["BTC2"] = "a1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d",
        ["TRON1"] = "3ee5401749d3cc187b3d15e8120538ec279a0795eac664b33e3312fcaeb901b5",
        ["TRON2"] = "2e77af1575608d806733a9e7c14ac28371eec38b40a4d929c0fb8c3257165d03",
        ["BEP2"] = "1DD764A0C57A63854E53D3618D10D2731DA2434D7192FAC33692522DC154A770",
    };

    [Fact]
    public void Scan_TableOfPhrasings_EverySecretCaughtAndPrecisionHigh()
    {
        var rows = LoadRows();
        var counts = new Dictionary<SecretKinds, Counts> { [SecretKinds.RecoveryPhrase] = new(), [SecretKinds.PrivateKey] = new() };
        var messages = new Counts();
        var wrong = new List<string>();
        foreach (var row in rows)
        {
            var scan = SecretGuard.Scan(row.Message);
            foreach (var (kind, tally) in counts)
                tally.Add(row.Expected.HasFlag(kind), scan.Kinds.HasFlag(kind));
            messages.Add(row.Expected != SecretKinds.None, scan.Found);
            if (scan.Kinds != row.Expected)
                wrong.Add($"line {row.Line}: expected {row.Expected}, got {scan.Kinds}: {row.Message.ReplaceLineEndings(" ")}");
        }

        output.WriteLine($"{rows.Count} phrasings ({rows.Count(r => r.Expected != SecretKinds.None)} with a secret, {rows.Count(r => r.IsRussian)} in Russian)");
        output.WriteLine($"messages:        {messages}");
        output.WriteLine($"recovery phrase: {counts[SecretKinds.RecoveryPhrase]}");
        output.WriteLine($"private key:     {counts[SecretKinds.PrivateKey]}");
        wrong.ForEach(output.WriteLine);

        Assert.True(rows.Count >= 80, "the table keeps at least 80 phrasings");
        Assert.True(rows.Count(r => r.IsRussian) >= 15, "the table keeps Russian phrasings");
        Assert.All(counts.Values.Append(messages), c => Assert.Equal(1.0, c.Recall));
        Assert.True(messages.Precision >= MinPrecision, $"precision {messages.Precision:P1} is below {MinPrecision:P0}");
    }

    [Fact]
    public void Scan_TableOfPhrasings_NoWordOfASecretSurvivesRedaction()
    {
        foreach (var row in LoadRows().Where(r => r.Secrets.Count > 0))
        {
            var redacted = Words(SecretGuard.Scan(row.Message).RedactedText
                .Replace(SecretGuard.PhraseMarker, " ", StringComparison.Ordinal).Replace(SecretGuard.KeyMarker, " ", StringComparison.Ordinal));
            var elsewhere = Words(row.Outside);
            var left = row.Secrets.SelectMany(Words).Where(w => !elsewhere.Contains(w) && redacted.Contains(w)).ToList();

            Assert.True(left.Count == 0, $"line {row.Line}: '{string.Join(" ", left)}' left in: {SecretGuard.Scan(row.Message).RedactedText}");
        }
    }

    [Fact]
    public void Scan_TableOfPhrasings_MessagesWithoutSecretsKeptAsWritten()
    {
        foreach (var row in LoadRows().Where(r => r.Expected == SecretKinds.None))
            Assert.Same(row.Message, SecretGuard.Scan(row.Message).RedactedText);
    }

    private static HashSet<string> Words(string text) =>
        [.. WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length >= 2)];

    private static List<Row> LoadRows()
    {
        var rows = new List<Row>();
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Triage", "Data", "secret-phrasings.tsv"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
                continue;
            var columns = lines[i].Split('\t', 2);
            var expected = columns[0] switch
            {
                "phrase" => SecretKinds.RecoveryPhrase,
                "key" => SecretKinds.PrivateKey,
                "phrase+key" => SecretKinds.RecoveryPhrase | SecretKinds.PrivateKey,
                "none" => SecretKinds.None,
                _ => throw new FormatException($"line {i + 1}: unknown kind '{columns[0]}'"),
            };
            rows.Add(Row.Parse(i + 1, expected, Expand(columns[1])));
            Assert.True(expected == SecretKinds.None == (rows[^1].Secrets.Count == 0), $"line {i + 1}: mark each secret, and only secrets");
        }
        return rows;
    }

    /// <summary>Escapes and placeholders: {K2}, {K2^} (upper case), {K2/4/ } (groups of 4 joined by a space).</summary>
    private static string Expand(string text) => Placeholder().Replace(text.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal), m =>
    {
        var value = Values[m.Groups["name"].Value];
        if (m.Groups["upper"].Success)
            value = value.ToUpperInvariant();
        if (!m.Groups["size"].Success)
            return value;
        var size = int.Parse(m.Groups["size"].Value, CultureInfo.InvariantCulture);
        return string.Join(m.Groups["separator"].Value, value.Chunk(size).Select(c => new string(c)));
    });

    [GeneratedRegex(@"\{(?<name>\w+)(?<upper>\^)?(?:/(?<size>\d+)/(?<separator>[^}]*))?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    /// <param name="Line">Where the row is in the table.</param>
    /// <param name="Expected">What the message leaks.</param>
    /// <param name="Message">The message as sent, marks removed.</param>
    /// <param name="Secrets">The marked parts.</param>
    /// <param name="Outside">The rest of the message.</param>
    private sealed record Row(int Line, SecretKinds Expected, string Message, IReadOnlyList<string> Secrets, string Outside)
    {
        public bool IsRussian => Message.Any(c => c is >= 'а' and <= 'я' or >= 'А' and <= 'Я');

        public static Row Parse(int line, SecretKinds expected, string marked)
        {
            var message = new StringBuilder();
            var outside = new StringBuilder();
            var secrets = new List<string>();
            var parts = marked.Split('⟦');
            outside.Append(parts[0]);
            message.Append(parts[0]);
            foreach (var part in parts.Skip(1))
            {
                var end = part.IndexOf('⟧', StringComparison.Ordinal);
                secrets.Add(part[..end]);
                outside.Append(' ').Append(part[(end + 1)..]);
                message.Append(part.Remove(end, 1));
            }
            return new Row(line, expected, message.ToString(), secrets, outside.ToString());
        }
    }

    /// <summary>A confusion matrix: what was expected against what the guard said.</summary>
    private sealed class Counts
    {
        private int truePositives, falsePositives, falseNegatives, trueNegatives;

        public double Precision => truePositives + falsePositives == 0 ? 1 : (double)truePositives / (truePositives + falsePositives);

        public double Recall => truePositives + falseNegatives == 0 ? 1 : (double)truePositives / (truePositives + falseNegatives);

        public void Add(bool expected, bool found)
        {
            _ = (expected, found) switch
            {
                (true, true) => truePositives++,
                (false, true) => falsePositives++,
                (true, false) => falseNegatives++,
                (false, false) => trueNegatives++,
            };
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"precision {Precision:P1}, recall {Recall:P1} (caught {truePositives}, missed {falseNegatives}, false alarms {falsePositives}, rightly clear {trueNegatives})");
    }
}
