using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// Before any update is handled: learn who the bot is (getMe), register its commands per language and chat kind,
/// and point Telegram at the webhook — or remove one, for polling. Pending updates are never dropped.
/// </summary>
public sealed class TelegramBootstrap(
    ITelegramBotClient bot,
    TelegramBotIdentity identity,
    TelegramChannelHealth health,
    ContentCatalog content,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramBootstrap> logger) : IHostedService
{
    internal static readonly string[] PrivateCommands = ["start", "menu", "help", "language", "lookup", "check"];
    internal static readonly string[] GroupCommands = ["help", "check", "withdraw", "bridge", "missing", "networks", "lookup"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Telegram unreachable at start-up (a network blip, DNS) is waited out; a rejected token is not.
        for (var delay = TimeSpan.FromSeconds(1); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks)))
        {
            try
            {
                await RegisterAsync(cancellationToken);
                health.Registered();
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
            {
                health.Failed($"Telegram rejects the token: {ex.Message}");
                throw;
            }
            catch (RequestException ex) when (ex is not ApiRequestException { ErrorCode: 401 or 404 })
            {
                logger.LogWarning("Telegram is not reachable yet ({Error}); retrying in {Seconds} s", ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var me = await bot.GetMe(cancellationToken);
        identity.Id = me.Id;
        identity.Username = me.Username ?? "";
        identity.Name = me.FirstName;
        await CheckStaffChatAsync(me.Id, cancellationToken);

        foreach (var language in content.Texts.Languages)
        {
            // The default list (no language code) is English; Telegram shows the Russian one to Russian clients.
            var code = language == TextCatalog.DefaultLanguage ? null : language;
            await bot.SetMyCommands(Commands(language, PrivateCommands), new BotCommandScopeAllPrivateChats(), code, cancellationToken);
            await bot.SetMyCommands(Commands(language, GroupCommands), new BotCommandScopeAllGroupChats(), code, cancellationToken);
        }

        var settings = options.Value;
        if (settings.Mode == TelegramMode.Webhook)
        {
            await bot.SetWebhook(settings.WebhookUrl!, secretToken: settings.WebhookSecret, allowedUpdates: TelegramPoller.AllowedUpdates,
                dropPendingUpdates: false, cancellationToken: cancellationToken);
        }
        else
        {
            await bot.DeleteWebhook(dropPendingUpdates: false, cancellationToken);
        }

        logger.LogInformation("Telegram bot @{Username} ready ({Mode})", identity.Username, settings.Mode);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Tickets need the staff chat to be a forum supergroup in which the bot manages topics: otherwise the first ticket
    /// would fail in front of a user, so start-up stops here with what to change.
    /// </summary>
    private async Task CheckStaffChatAsync(long botId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.TicketsEnabled)
        {
            return;
        }

        var staff = settings.StaffChatId!.Value;
        const string Fix = "Add the bot to the staff group, turn on Topics in the group's settings, and make the bot an administrator with the \"Manage topics\" right.";
        try
        {
            var chat = await bot.GetChat(staff, cancellationToken);
            if (chat.Type != ChatType.Supergroup || !chat.IsForum)
            {
                throw new InvalidOperationException($"Telegram:StaffChatId {staff} is not a forum supergroup (a group with Topics turned on). {Fix}");
            }

            var member = await bot.GetChatMember(staff, botId, cancellationToken);
            if (member is not (ChatMemberOwner or ChatMemberAdministrator { CanManageTopics: true }))
            {
                throw new InvalidOperationException($"The bot cannot manage topics in Telegram:StaffChatId {staff} (it is {member.Status}). {Fix}");
            }

            if (member is ChatMemberAdministrator { CanDeleteMessages: false })
            {
                logger.LogWarning("The bot cannot delete messages in the staff chat: a recovery phrase staff paste in a ticket stays visible there. Give it \"Delete messages\".");
            }
        }
        catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 403)
        {
            throw new InvalidOperationException($"Telegram:StaffChatId {staff}: Telegram says \"{ex.Message}\". {Fix}", ex);
        }

        if (settings.TicketLogChatId is not { } log)
        {
            return;
        }

        try
        {
            var chat = await bot.GetChat(log, cancellationToken);
            if (settings.TicketLogThreadId is not null && !chat.IsForum)
            {
                throw new InvalidOperationException($"Telegram:TicketLogThreadId is set, but Telegram:TicketLogChatId {log} has no topics. Remove it, or turn on Topics there.");
            }
        }
        catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 403)
        {
            throw new InvalidOperationException($"Telegram:TicketLogChatId {log}: Telegram says \"{ex.Message}\". Add the bot to that chat, where it may post.", ex);
        }
    }

    private BotCommand[] Commands(string language, string[] names) =>
        [.. names.Select(n => new BotCommand { Command = n, Description = content.Texts.Get(language, DescriptionKey(n)) })];

    // /check came with the scam defence, whose texts have a section of their own.
    private static string DescriptionKey(string command) => command == "check" ? "scams-telegram.commands.check" : $"telegram.commands.{command}";
}
