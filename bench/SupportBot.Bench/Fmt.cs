using System.Globalization;

namespace SupportBot.Bench;

/// <summary>Invariant formatting, so reports compare across machines.</summary>
internal static class Fmt
{
    public static CultureInfo Culture => CultureInfo.InvariantCulture;

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1 << 30 => string.Create(Culture, $"{bytes / (1 << 30):0.0} GiB"),
        >= 1 << 20 => string.Create(Culture, $"{bytes / (1 << 20):0.0} MiB"),
        >= 1 << 10 => string.Create(Culture, $"{bytes / (1 << 10):0.0} KiB"),
        _ => string.Create(Culture, $"{bytes:0} B"),
    };
}
