using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Messages;
using SupportBot.Core.Scams;

namespace SupportBot.Host.Console;

/// <summary>
/// The console channel: one local user talking to the engine through stdin/stdout. Numbers pick the choices shown;
/// anything else is free text, and a paste of several lines is one message (see <see cref="ConsoleInput"/>). The
/// conversation is stored like any other, so a restart continues where it stopped.
/// <c>/check &lt;link | address&gt;</c> asks the scam checks, as in the chats.
/// </summary>
public sealed class ConsoleChat(ConversationEngine engine, ConsoleInput input, TextWriter output, ConsoleRenderer renderer, ScamGuard? scams = null)
{
    public const string Channel = "console";

    public async Task RunAsync(string userId, string? locale, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(renderer.Render(new OutboundMessage("SupportBot console — type a number to choose, or write your question. 'quit' exits.")));
        await SendAsync(new InboundMessage
        {
            Channel = Channel,
            ConversationId = userId,
            UserId = userId,
            Payload = ChoicePayload.Command(GlobalCommandNames.Resume),
            Locale = locale,
        }, cancellationToken);

        while (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteAsync("> ");
            await output.FlushAsync(cancellationToken);
            var text = await input.ReadMessageAsync(cancellationToken);
            if (text is null || text.Trim() is "quit" or "exit" or "выход")
            {
                break;
            }

            if (scams is not null && CheckQuery(text) is { } query)
            {
                var answer = await scams.CheckAsync(query, TextCatalog.LanguageFromLocale(locale), cancellationToken);
                await output.WriteLineAsync(renderer.Render(new OutboundMessage(answer)));
                continue;
            }

            await SendAsync(new InboundMessage { Channel = Channel, ConversationId = userId, UserId = userId, Text = text, Locale = locale }, cancellationToken);
        }
    }

    private static string? CheckQuery(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Equals("/check", StringComparison.OrdinalIgnoreCase) ? ""
            : trimmed.StartsWith("/check ", StringComparison.OrdinalIgnoreCase) ? trimmed[7..] : null;
    }

    private async Task SendAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var result = await engine.HandleAsync(message, (progress, ct) => output.WriteLineAsync(renderer.Render(progress).AsMemory(), ct), cancellationToken);
        foreach (var reply in result.Replies)
        {
            await output.WriteLineAsync(renderer.Render(reply));
        }
    }
}
