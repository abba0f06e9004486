using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Telegram.Tests.Fakes;

/// <summary>
/// The parameters of one Bot API call, whatever way they came (JSON body, form fields, query string).
/// Form and query values are strings, so the typed readers accept both JSON values and their string spellings,
/// and JSON-typed parameters (reply_markup, allowed_updates…) may be nested JSON or a JSON string, as Telegram allows.
/// </summary>
internal sealed class BotApiParameters(JsonObject values)
{
    public JsonObject Values { get; } = values;

    public bool Has(string name) => Values[name] is not null;

    public string? String(string name) => Values[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonValue value => value.ToJsonString(),
        var node => node.ToJsonString(),
    };

    public long? Long(string name)
    {
        var node = Values[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value)
        {
            if (value.TryGetValue(out long number))
            {
                return number;
            }

            if (value.TryGetValue(out double real) && real == Math.Floor(real) && Math.Abs(real) < 9e15)
            {
                return (long)real;
            }

            if (value.TryGetValue(out string? text)
                && long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
            {
                return number;
            }
        }

        throw BotApiException.BadRequest($"invalid {name} specified");
    }

    public int? Int(string name)
    {
        var number = Long(name);
        return number switch
        {
            null => null,
            > int.MaxValue or < int.MinValue => throw BotApiException.BadRequest($"invalid {name} specified"),
            _ => (int)number.Value,
        };
    }

    public bool? Bool(string name)
    {
        var node = Values[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value)
        {
            if (value.TryGetValue(out bool flag))
            {
                return flag;
            }

            if (value.TryGetValue(out long number))
            {
                return number != 0;
            }

            if (value.TryGetValue(out string? text))
            {
                switch (text.Trim().ToUpperInvariant())
                {
                    case "TRUE" or "1":
                        return true;
                    case "FALSE" or "0" or "":
                        return false;
                    default:
                        break;
                }
            }
        }

        throw BotApiException.BadRequest($"invalid {name} specified");
    }

    /// <summary>A JSON-typed parameter: nested JSON, or a string holding JSON (form posts).</summary>
    public JsonNode? Json(string name)
    {
        var node = Values[name];
        if (node is JsonValue value && value.TryGetValue(out string? text))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                throw BotApiException.BadRequest($"can't parse {name} JSON object");
            }
        }

        return node?.DeepClone();
    }

    public JsonObject? JsonObject(string name) => Json(name) switch
    {
        null => null,
        JsonObject obj => obj,
        _ => throw BotApiException.BadRequest($"can't parse {name} JSON object"),
    };

    public JsonArray? JsonArray(string name) => Json(name) switch
    {
        null => null,
        JsonArray array => array,
        _ => throw BotApiException.BadRequest($"can't parse {name} JSON array"),
    };

    /// <summary>chat_id: an integer (or its string); "@username" chats are not modelled by the fake.</summary>
    public long ChatId(string name = "chat_id")
    {
        var node = Values[name];
        if (node is null || (node is JsonValue v && v.TryGetValue(out string? s) && string.IsNullOrWhiteSpace(s)))
        {
            throw BotApiException.BadRequest($"{name} is empty");
        }

        try
        {
            return Long(name)!.Value;
        }
        catch (BotApiException)
        {
            throw BotApiException.BadRequest("chat not found");
        }
    }

    public int RequiredInt(string name, string missingDetail) =>
        Int(name) ?? throw BotApiException.BadRequest(missingDetail);
}
