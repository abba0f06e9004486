using System.Text.Json.Nodes;
using SupportBot.Core.Content;

namespace SupportBot.Discord.Channel;

/// <summary>
/// The slash commands, with English and Russian descriptions, usable in servers and in DMs with the bot.
/// /lookup is for members with Manage Messages by default (and re-checked when used). /ticket (staff, in ticket threads)
/// is there only when tickets are set up; who is staff is checked when it is used.
/// </summary>
public static class DiscordCommands
{
    private static readonly string[] Names = ["support", "withdraw", "bridge", "missing", "networks", "lookup"];

    /// <summary>The commands to register; <c>/ticket</c> when tickets are set up, <c>/check</c> with the scam defence.</summary>
    public static JsonArray Build(ContentCatalog content, bool tickets = false, bool check = false)
    {
        var commands = new JsonArray();
        foreach (var name in Names)
        {
            var command = new JsonObject
            {
                ["name"] = name,
                ["type"] = 1,
                ["description"] = Description(content, "en", name),
                ["description_localizations"] = Localized(content, name),
                ["contexts"] = new JsonArray(0, 1),
                ["integration_types"] = new JsonArray(0),
            };
            if (name == "lookup")
            {
                command["default_member_permissions"] = "8192";
                command["options"] = new JsonArray(new JsonObject
                {
                    ["type"] = 3,
                    ["name"] = "query",
                    ["description"] = Description(content, "en", "lookup-query"),
                    ["description_localizations"] = Localized(content, "lookup-query"),
                    ["required"] = true,
                    ["min_length"] = 10,
                    ["max_length"] = 200,
                });
            }

            commands.Add(command);
        }

        if (check)
        {
            commands.Add(Check(content));
        }

        if (tickets)
        {
            commands.Add(Ticket(content));
        }

        return commands;
    }

    /// <summary><c>/check query</c>: anyone, in servers and in DMs with the bot.</summary>
    private static JsonObject Check(ContentCatalog content) => new()
    {
        ["name"] = DiscordScams.CheckCommand,
        ["type"] = 1,
        ["description"] = Text(content, "en", "scams-discord.commands.check"),
        ["description_localizations"] = LocalizedText(content, "scams-discord.commands.check"),
        ["contexts"] = new JsonArray(0, 1),
        ["integration_types"] = new JsonArray(0),
        ["options"] = new JsonArray(new JsonObject
        {
            ["type"] = 3,
            ["name"] = "query",
            ["description"] = Text(content, "en", "scams-discord.commands.check-query"),
            ["description_localizations"] = LocalizedText(content, "scams-discord.commands.check-query"),
            ["required"] = true,
            ["min_length"] = 3,
            ["max_length"] = 500,
        }),
    };

    /// <summary><c>/ticket claim</c>, <c>/ticket close [reason]</c>, <c>/ticket reopen</c>: in servers only, where the threads are.</summary>
    private static JsonObject Ticket(ContentCatalog content)
    {
        JsonObject Option(int type, string name, string key) => new()
        {
            ["type"] = type,
            ["name"] = name,
            ["description"] = Description(content, "en", key),
            ["description_localizations"] = Localized(content, key),
        };

        var reason = Option(3, "reason", "ticket-close-reason");
        reason["required"] = false;
        reason["max_length"] = 300;
        var close = Option(1, "close", "ticket-close");
        close["options"] = new JsonArray(reason);
        return new JsonObject
        {
            ["name"] = DiscordTickets.Command,
            ["type"] = 1,
            ["description"] = Description(content, "en", "ticket"),
            ["description_localizations"] = Localized(content, "ticket"),
            ["contexts"] = new JsonArray(0),
            ["integration_types"] = new JsonArray(0),
            ["options"] = new JsonArray(Option(1, "claim", "ticket-claim"), close, Option(1, "reopen", "ticket-reopen")),
        };
    }

    private static JsonObject Localized(ContentCatalog content, string name) => LocalizedText(content, DiscordLimits.CommandPrefix + name);

    private static JsonObject LocalizedText(ContentCatalog content, string key) => new()
    {
        ["en-US"] = Text(content, "en", key),
        ["en-GB"] = Text(content, "en", key),
        ["ru"] = Text(content, "ru", key),
    };

    private static string Description(ContentCatalog content, string language, string name) => Text(content, language, DiscordLimits.CommandPrefix + name);

    /// <summary>Discord allows 1–100 characters.</summary>
    private static string Text(ContentCatalog content, string language, string key)
    {
        var text = content.Texts.Get(language, key);
        return text.Length <= 100 ? text : text[..99] + "…";
    }
}
