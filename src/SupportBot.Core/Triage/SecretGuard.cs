using System.Collections.Frozen;
using System.Text;
using SupportBot.Core.Triage.Encodings;

namespace SupportBot.Core.Triage;

/// <summary>Kinds of secret a message can leak.</summary>
[Flags]
public enum SecretKinds
{
    /// <summary>No secret.</summary>
    None = 0,

    /// <summary>12 or more BIP-39 words in a row (a Secret Recovery Phrase).</summary>
    RecoveryPhrase = 1,

    /// <summary>A raw 64-hex private key.</summary>
    PrivateKey = 2,
}

/// <summary>Outcome of <see cref="SecretGuard.Scan"/>.</summary>
/// <param name="Found">True when any secret was found: treat the original message as leaked.</param>
/// <param name="Kinds">Which kinds were found.</param>
/// <param name="RedactedText">
/// The text with each secret replaced by a marker; the original string instance when nothing was found.
/// </param>
public sealed record SecretScan(bool Found, SecretKinds Kinds, string RedactedText);

/// <summary>
/// Detects recovery phrases and private keys in a user message and redacts them. It runs before anything else
/// looks at, stores or logs the message.
/// </summary>
public static class SecretGuard
{
    /// <summary>Replaces a recovery phrase in <see cref="SecretScan.RedactedText"/>.</summary>
    public const string PhraseMarker = "[recovery phrase removed]";

    /// <summary>Replaces a private key in <see cref="SecretScan.RedactedText"/>.</summary>
    public const string KeyMarker = "[private key removed]";

    private const int MinPhraseWords = 12;
    private const int KeyMentionWindow = 60;

    // Matched case-insensitively at the start of a word, in the text just before a 0x+64 hex. "key" and "ключ" alone
    // also cover "private key", "secret key", "priv key", "приватный/закрытый/секретный ключ" and their inflections
    // (ключа, ключом); the word-start rule keeps "monkey" and "включить"/"отключить" out.
    private static readonly string[] KeyMentions = ["key", "privkey", "privatekey", "ключ"];

    private static readonly Lazy<FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>>> Words =
        new(() => LoadWordList().GetAlternateLookup<ReadOnlySpan<char>>());

    /// <summary>Scans <paramref name="text"/>; never throws.</summary>
    public static SecretScan Scan(string text)
    {
        if (string.IsNullOrEmpty(text))
            return new SecretScan(false, SecretKinds.None, text ?? string.Empty);

        var spans = new List<(int Start, int End, SecretKinds Kind)>();
        FindPhrases(text, spans);
        FindKeys(text, spans);
        if (spans.Count == 0)
            return new SecretScan(false, SecretKinds.None, text);

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var kinds = SecretKinds.None;
        var sb = new StringBuilder(text.Length);
        var pos = 0;
        foreach (var (start, end, kind) in spans)
        {
            kinds |= kind;
            if (start < pos)
            {
                pos = Math.Max(pos, end); // overlaps the previous secret: already covered by its marker
                continue;
            }
            sb.Append(text, pos, start - pos).Append(kind == SecretKinds.RecoveryPhrase ? PhraseMarker : KeyMarker);
            pos = end;
        }
        sb.Append(text, pos, text.Length - pos);
        return new SecretScan(true, kinds, sb.ToString());
    }

    /// <summary>True when <paramref name="word"/> is in the BIP-39 English list (case-insensitive).</summary>
    internal static bool IsBip39Word(ReadOnlySpan<char> word) =>
        word.Length is >= 3 and <= 8 && Words.Value.Contains(word);

    // A run is a sequence of list words where nothing but non-letters (spaces, commas, numbering such as "1." "2)"
    // "#3", quotes, emoji) stands between them; any other word ends it. Pasted phrases come in many layouts, so
    // separators are deliberately lenient: 12 list words in a row is what makes a phrase.
    private static void FindPhrases(string text, List<(int, int, SecretKinds)> spans)
    {
        int runStart = 0, runEnd = 0, count = 0;
        foreach (var (start, end) in WordRuns.Of(text, char.IsLetter))
        {
            if (IsBip39Word(text.AsSpan(start, end - start)))
            {
                if (count++ == 0)
                    runStart = start;
                runEnd = end;
                continue;
            }
            Flush();
        }
        Flush();

        void Flush()
        {
            if (count >= MinPhraseWords)
                spans.Add((runStart, runEnd, SecretKinds.RecoveryPhrase));
            count = 0;
        }
    }

    // 64 hex without 0x: a key unless it is an uppercase BEP2 transaction hash (MetaMask exports keys in lowercase).
    // 0x + 64 hex is normally a transaction hash; it is a key only when the user says so just before it.
    private static void FindKeys(string text, List<(int, int, SecretKinds)> spans)
    {
        foreach (var (start, end) in WordRuns.Of(text, char.IsAsciiLetterOrDigit))
        {
            var token = text.AsSpan(start, end - start);
            var isKey = token.Length switch
            {
                64 => Hex.IsHex(token) && !IsBep2Hash(token),
                66 => token[0] == '0' && (token[1] | 0x20) == 'x' && Hex.IsHex(token[2..]) && MentionsKey(text, start),
                _ => false,
            };
            if (isKey)
                spans.Add((start, end, SecretKinds.PrivateKey));
        }
    }

    private static bool IsBep2Hash(ReadOnlySpan<char> hex) => Hex.HasUpper(hex) && !Hex.HasLower(hex);

    private static bool MentionsKey(string text, int tokenStart)
    {
        var windowStart = Math.Max(0, tokenStart - KeyMentionWindow);
        var window = text.AsSpan(windowStart, tokenStart - windowStart);
        foreach (var mention in KeyMentions)
        {
            var from = 0;
            int at;
            while ((at = window[from..].IndexOf(mention, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var abs = from + at;
                if (abs == 0 ? windowStart == 0 || !char.IsLetter(text[windowStart - 1]) : !char.IsLetter(window[abs - 1]))
                    return true;
                from = abs + 1;
            }
        }
        return false;
    }

    private static FrozenSet<string> LoadWordList()
    {
        using var stream = typeof(SecretGuard).Assembly.GetManifestResourceStream("SupportBot.Core.bip39-english.txt")
            ?? throw new InvalidOperationException("Embedded BIP-39 word list is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var words = new List<string>(2048);
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim() is { Length: > 0 } word)
                words.Add(word);
        }
        return words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
