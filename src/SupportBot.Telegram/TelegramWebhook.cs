using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Telegram.Updates;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SupportBot.Telegram;

/// <summary>
/// The webhook endpoint: checks <c>X-Telegram-Bot-Api-Secret-Token</c> in constant time, stores the update in the
/// inbox and answers 200 at once — handling happens in the background, so Telegram never waits or retries needlessly.
/// </summary>
public static class TelegramWebhook
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static IEndpointConventionBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value;
        return endpoints.MapPost(options.WebhookPath, async (HttpContext context, IUpdateInbox inbox, TelegramUpdateProcessor processor) =>
        {
            if (!SecretMatches(context.Request.Headers[SecretHeader].ToString(), options.WebhookSecret))
            {
                return Results.Unauthorized();
            }

            Update? update;
            try
            {
                update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options, context.RequestAborted);
            }
            catch (JsonException)
            {
                return Results.BadRequest();
            }

            if (update is null)
            {
                return Results.BadRequest();
            }

            await inbox.TryAddAsync(TelegramUpdateHandler.Channel, update.Id, TelegramUpdateRedaction.ToStored(update), context.RequestAborted);
            processor.Signal();
            return Results.Ok();
        });
    }

    private static bool SecretMatches(string presented, string? expected) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
