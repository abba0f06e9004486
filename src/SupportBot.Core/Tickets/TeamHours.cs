using System.Globalization;

namespace SupportBot.Core.Tickets;

/// <summary>
/// When staff answer tickets: the same hours on the given weekdays, in one time zone, e.g. <c>Mon-Fri 09:00-18:00 Europe/Moscow</c>.
/// When <see cref="To"/> is not after <see cref="From"/> the shift runs past midnight and belongs to the day it starts on
/// (<c>Fri 22:00-06:00</c> is Friday night to Saturday morning). Daylight-saving edges are not handled specially.
/// </summary>
public sealed record TeamHours(IReadOnlySet<DayOfWeek> Days, TimeOnly From, TimeOnly To, TimeZoneInfo Zone)
{
    private bool PastMidnight => To <= From;

    /// <summary>Whether staff are on duty at that instant.</summary>
    public bool IsOpen(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        if (!PastMidnight)
            return Days.Contains(local.DayOfWeek) && time >= From && time < To;
        return (Days.Contains(local.DayOfWeek) && time >= From) || (Days.Contains(local.AddDays(-1).DayOfWeek) && time < To);
    }

    /// <summary>The instant staff are next on duty: <paramref name="at"/> itself when they are now; null when no day is set.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset at)
    {
        if (IsOpen(at))
            return at;
        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);
        for (var day = 0; day <= 7; day++)
        {
            var date = localDate.AddDays(day);
            if (!Days.Contains(date.DayOfWeek))
                continue;
            var opening = InZone(date.ToDateTime(From));
            if (opening > at)
                return opening;
        }

        return null;
    }

    /// <summary>
    /// Reads <c>days from-to zone</c>: days as <c>Mon-Fri</c>, <c>Sat,Sun</c> or a mix (<c>Mon-Wed,Fri</c>), times as
    /// <c>HH:mm</c>, the zone as an IANA id. Throws <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public static TeamHours Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 3)
            throw new FormatException($"Team hours '{text}' should read like 'Mon-Fri 09:00-18:00 Europe/Moscow'.");
        var hours = parts[1].Split('-');
        if (hours.Length != 2
            || !TimeOnly.TryParseExact(hours[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !TimeOnly.TryParseExact(hours[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
            throw new FormatException($"Team hours '{parts[1]}' should read like '09:00-18:00'.");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(parts[2], out var zone))
            throw new FormatException($"Team hours' time zone '{parts[2]}' is unknown.");
        return new(ParseDays(parts[0]), from, to, zone);
    }

    private static HashSet<DayOfWeek> ParseDays(string text)
    {
        var days = new HashSet<DayOfWeek>();
        foreach (var item in text.Split(','))
        {
            var range = item.Split('-');
            var first = Day(range[0]);
            var last = range.Length == 2 ? Day(range[1]) : range.Length == 1 ? first : throw new FormatException($"Team days '{item}' should read like 'Mon-Fri'.");
            for (var day = first; ; day = (DayOfWeek)(((int)day + 1) % 7))
            {
                days.Add(day);
                if (day == last)
                    break;
            }
        }

        return days;
    }

    private static DayOfWeek Day(string text) => text.ToLowerInvariant() switch
    {
        "mon" => DayOfWeek.Monday,
        "tue" => DayOfWeek.Tuesday,
        "wed" => DayOfWeek.Wednesday,
        "thu" => DayOfWeek.Thursday,
        "fri" => DayOfWeek.Friday,
        "sat" => DayOfWeek.Saturday,
        "sun" => DayOfWeek.Sunday,
        _ => throw new FormatException($"Team day '{text}' should be one of Mon, Tue, Wed, Thu, Fri, Sat, Sun."),
    };

    private DateTimeOffset InZone(DateTime local)
    {
        // A time skipped by a clock change does not exist there; the hour after it does.
        if (Zone.IsInvalidTime(local))
            local = local.AddHours(1);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
