using System.Text;

namespace SupportBot.Core.Triage;

/// <summary>Kinds of secret a message can leak.</summary>
[Flags]
public enum SecretKinds
{
    /// <summary>No secret.</summary>
    None = 0,

    /// <summary>A Secret Recovery Phrase: BIP-39 words in a row, give or take one missing or mistyped word.</summary>
    RecoveryPhrase = 1,

    /// <summary>A 64-hex private key, with or without <c>0x</c>, whole or split into groups.</summary>
    PrivateKey = 2,
}

/// <summary>Outcome of <see cref="SecretGuard.Scan"/>.</summary>
/// <param name="Found">True when any secret was found: treat the original message as leaked.</param>
/// <param name="Kinds">Which kinds were found.</param>
/// <param name="RedactedText">
/// The text with each secret replaced by a marker; the original string instance when nothing was found.
/// </param>
public sealed record SecretScan(bool Found, SecretKinds Kinds, string RedactedText);

/// <summary>Where a secret sits in a text: <c>[Start, End)</c>.</summary>
internal readonly record struct SecretSpan(int Start, int End, SecretKinds Kind);

/// <summary>
/// Detects recovery phrases and private keys in a user message and redacts them. It runs before anything else
/// looks at, stores or logs the message; every channel uses this one guard.
/// </summary>
public static class SecretGuard
{
    /// <summary>Replaces a recovery phrase in <see cref="SecretScan.RedactedText"/>.</summary>
    public const string PhraseMarker = "[recovery phrase removed]";

    /// <summary>Replaces a private key in <see cref="SecretScan.RedactedText"/>.</summary>
    public const string KeyMarker = "[private key removed]";

    /// <summary>Scans <paramref name="text"/>; never throws.</summary>
    public static SecretScan Scan(string text)
    {
        if (string.IsNullOrEmpty(text))
            return new SecretScan(false, SecretKinds.None, text ?? string.Empty);

        var spans = new List<SecretSpan>();
        RecoveryPhraseFinder.Find(text, spans);
        PrivateKeyFinder.Find(text, spans);
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
    internal static bool IsBip39Word(ReadOnlySpan<char> word) => Bip39Words.Contains(word);
}
