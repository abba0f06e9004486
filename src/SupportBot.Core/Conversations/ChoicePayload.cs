using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SupportBot.Core.Conversations;

/// <summary>
/// Button payloads. A choice names its scenario and step, so a press on a button from an older step is recognised
/// as stale instead of being applied to whatever step the user is at now. Global commands are <c>g:{command}</c>.
/// </summary>
public static class ChoicePayload
{
    public static string Format(string scenario, string step, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"c:{scenario}:{step}:{index}");

    public static string Command(string command) => "g:" + command;

    public static string Language(string language) => "g:language:" + language;

    /// <summary>
    /// The answer to "which network did you mean?": <c>g:network:{network}</c>, or <c>g:network:{network}:{scenario}</c>
    /// when the message that raised the question was about a scenario to open.
    /// </summary>
    public static string Network(string network, string? scenario) =>
        scenario is null ? $"g:{NetworkCommand}:{network}" : $"g:{NetworkCommand}:{network}:{scenario}";

    /// <summary>
    /// The answer to "which of these is it?": <c>g:intent:{intent}</c>, with <c>@{network}</c> when the message named one;
    /// <c>g:intent</c> alone is "something else".
    /// </summary>
    public static string Intent(string? intent, string? network) =>
        intent is null ? "g:" + Content.GlobalCommandNames.Intent
        : network is null ? $"g:{Content.GlobalCommandNames.Intent}:{intent}" : $"g:{Content.GlobalCommandNames.Intent}:{intent}@{network}";

    /// <summary>The command of <see cref="Network"/> payloads.</summary>
    public const string NetworkCommand = "network";

    /// <summary>
    /// Sent by a channel for <c>/start</c>: the menu for a new conversation, or "continue or start over?" for one in
    /// progress, so a habitual <c>/start</c> never wipes a conversation silently.
    /// </summary>
    public const string StartCommand = "start";

    /// <summary>"Continue where you were": shows the current step again.</summary>
    public const string ContinueCommand = "continue";

    /// <summary>"Check again": looks the step's hash or address up again, past anything remembered from before.</summary>
    public const string RecheckCommand = "recheck";

    /// <summary>"Did this solve it?" answered yes under final advice.</summary>
    public const string SolvedCommand = "solved";

    /// <summary>"Did this solve it?" answered no under final advice: the team is offered.</summary>
    public const string UnsolvedCommand = "unsolved";

    /// <summary>"Talk to the team": starts the short form that opens a ticket.</summary>
    public const string TicketCommand = "ticket";

    /// <summary>A rating of a closed ticket: <c>g:rate:{ticket}:{1–5}</c>.</summary>
    public const string RateCommand = "rate";

    public static string Rate(long ticket, int rating) => string.Create(CultureInfo.InvariantCulture, $"g:{RateCommand}:{ticket}:{rating}");

    public static bool TryParseChoice(string payload, [NotNullWhen(true)] out string? scenario, [NotNullWhen(true)] out string? step, out int index)
    {
        scenario = step = null;
        index = -1;
        var parts = payload.Split(':');
        if (parts.Length != 4 || parts[0] != "c" || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            return false;
        }

        scenario = parts[1];
        step = parts[2];
        return true;
    }

    /// <summary>Parses <c>g:{command}</c> or <c>g:{command}:{argument}</c>.</summary>
    public static bool TryParseCommand(string payload, [NotNullWhen(true)] out string? command, out string? argument)
    {
        command = argument = null;
        var parts = payload.Split(':', 3);
        if (parts.Length < 2 || parts[0] != "g" || parts[1].Length == 0)
        {
            return false;
        }

        command = parts[1];
        argument = parts.Length == 3 ? parts[2] : null;
        return true;
    }
}
