using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace SupportBot.Discord.Tests.Rest;

/// <summary>One uploaded file of a multipart message: its form field (<c>files[n]</c>), name, type and text.</summary>
public sealed record FakeFile(string Field, string FileName, string? ContentType, string Text);

/// <summary>
/// A <c>multipart/form-data</c> body as Discord reads it (<c>reference.mdx</c> §Uploading Files): the message as
/// <c>payload_json</c>, files as <c>files[n]</c>, each described in the payload's <c>attachments</c> by id n and filename.
/// <see cref="Problem"/> says what Discord would refuse.
/// </summary>
internal sealed record FakeMultipart(string PayloadJson, IReadOnlyList<FakeFile> Files, string? Problem)
{
    public static async Task<FakeMultipart?> ReadAsync(IReadOnlyDictionary<string, string> headers, string body)
    {
        if (!headers.TryGetValue("Content-Type", out var type) || !type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(type).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return new FakeMultipart("", [], "no multipart boundary");
        }

        var reader = new MultipartReader(boundary, new MemoryStream(Encoding.UTF8.GetBytes(body)));
        string? payload = null;
        var files = new List<FakeFile>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            using var text = new StreamReader(section.Body, Encoding.UTF8);
            var value = await text.ReadToEndAsync();
            if (name == "payload_json")
            {
                payload = value;
            }
            else if (name.StartsWith("files[", StringComparison.Ordinal))
            {
                files.Add(new FakeFile(name, HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "", section.ContentType, value));
            }
        }

        return payload is null ? new FakeMultipart("", files, "no payload_json") : new FakeMultipart(payload, files, AttachmentProblem(payload, files));
    }

    /// <summary>Every file needs an attachment with its index as id (and the same filename), as Discord matches them.</summary>
    private static string? AttachmentProblem(string payload, IReadOnlyList<FakeFile> files)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return "payload_json is not JSON";
        }

        var attachments = json?["attachments"] as JsonArray ?? [];
        foreach (var file in files)
        {
            var index = file.Field["files[".Length..^1];
            var described = attachments.OfType<JsonObject>().FirstOrDefault(a => a["id"]?.ToJsonString().Trim('"') == index);
            if (described is null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{file.Field} has no attachment with id {index}");
            }

            if ((string?)described["filename"] is { } name && name != file.FileName)
            {
                return $"{file.Field} is named {file.FileName} but its attachment says {name}";
            }
        }

        return null;
    }
}
