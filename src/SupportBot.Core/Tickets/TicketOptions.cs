using System.ComponentModel.DataAnnotations;

namespace SupportBot.Core.Tickets;

/// <summary>Ticket settings, section <c>Tickets</c>; the platform parts (channel, role, staff chat) are in each channel's section.</summary>
public sealed class TicketOptions
{
    public const string Section = "Tickets";

    /// <summary>
    /// When staff answer, e.g. <c>Mon-Fri 09:00-18:00 Europe/Moscow</c> (see <see cref="Tickets.TeamHours.Parse"/>).
    /// Empty: always; the user is then not told a time.
    /// </summary>
    public string? TeamHours { get; set; }

    /// <summary>A ticket quiet this long (no user or staff message) gets a warning in its place and to the user.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00", ErrorMessage = "Tickets:InactivityWarning must be between 00:01:00 and 90.00:00:00")]
    public TimeSpan InactivityWarning { get; set; } = TimeSpan.FromHours(48);

    /// <summary>After the warning, a ticket still quiet this long is closed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00", ErrorMessage = "Tickets:InactivityClose must be between 00:01:00 and 90.00:00:00")]
    public TimeSpan InactivityClose { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often quiet tickets are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Tickets:InactivityCheckInterval must be between 00:00:10 and 1.00:00:00")]
    public TimeSpan InactivityCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A staff message that starts with this stays in the place as an internal note; it never reaches the user.</summary>
    [MaxLength(16, ErrorMessage = "Tickets:NotePrefix must be at most 16 characters")]
    public string NotePrefix { get; set; } = "//";

    /// <summary>The language of the bot's notices to staff.</summary>
    [RegularExpression("^(en|ru)$", ErrorMessage = "Tickets:StaffLanguage must be en or ru")]
    public string StaffLanguage { get; set; } = "en";

    /// <summary>Ticket lines are deleted, and closed tickets' texts cleared, this long after they were written/closed.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Tickets:Retention must be between 1.00:00:00 and 3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
