using System.Text.Json.Nodes;
using SupportBot.Telegram.Tests.Fakes;

namespace SupportBot.Telegram.Tests.Channel.Scams;

/// <summary>
/// A supergroup with its moderators' log chat, as a group owner sets it up: the bot an administrator that may delete
/// messages and restrict members, Alexandra (@sasha_mod) an administrator of both chats, and people who write there.
/// </summary>
public abstract class ScamGroup : IAsyncLifetime
{
    public const long Group = -1001234567890;
    public const long ModLog = -1009876543210;
    public const long Admin = 2002;
    public const long Dmitry = 3003;
    public const long Olga = 3004;
    private const long Sentinel = 9999;

    /// <summary>Who is who: first name, last name, username, language.</summary>
    private static readonly Dictionary<long, (string First, string? Last, string? Username, string? Language)> People = new()
    {
        [Admin] = ("Alexandra", "Petrova", "sasha_mod", "en"),
        [Dmitry] = ("Dmitry", "K", "dmitry_k", "en"),
        [Olga] = ("Оля", null, null, "ru"),
        [Sentinel] = ("Sentinel", null, "sentinel_user", "en"),
    };

    private int sentinels;

    protected FakeBotApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await FakeBotApi.StartAsync(new FakeBotApiOptions { Token = TelegramBotHarness.Token, DefaultWaitTimeout = TimeSpan.FromSeconds(20) });
        Api.SetChat(Group, "supergroup", "BNB Chain Help");
        Api.SetChat(ModLog, "supergroup", "Moderators");
        Api.SetChatMember(Group, Api.BotId, "administrator", canDeleteMessages: true, canRestrictMembers: true);
        Api.SetChatMember(ModLog, Api.BotId, "administrator");
        foreach (var (id, (first, last, username, language)) in People)
        {
            Api.SetUser(id, first, last, username, language);
        }

        Api.SetChatMember(Group, Admin, "creator");
        Api.SetChatMember(ModLog, Admin, "administrator");
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();

    /// <summary>The bot with the moderators' log set for every group, and <paramref name="settings"/>.</summary>
    private protected Task<TelegramBotHarness> StartBotAsync(IDictionary<string, string?>? settings = null, string? webhookSecret = null)
    {
        var all = new Dictionary<string, string?> { ["Scams:Defaults:ModLog"] = ModLog.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return TelegramBotHarness.StartAsync(Api, webhookSecret: webhookSecret, settings: all);
    }

    /// <summary>A user's text message in a group; returns its message id.</summary>
    protected int Say(long userId, string text, long chat = Group, params JsonObject[] entities) =>
        Post(Message(userId, text, chat, entities));

    /// <summary>A message built for the group (not yet sent), so a test can dress it up.</summary>
    protected JsonObject Message(long userId, string text, long chat = Group, params JsonObject[] entities)
    {
        var (first, last, username, language) = People.TryGetValue(userId, out var known) ? known : ("User", null, null, "en");
        var update = Api.UserMessage(chat, userId, text, language, "supergroup", first, last, username);
        return entities.Length > 0 ? FakeBotApi.WithEntities(update, entities) : update;
    }

    /// <summary>Sends an update built here; returns the message id.</summary>
    protected int Post(JsonObject update)
    {
        Api.EnqueueUpdate(update);
        return (int?)(update["message"] ?? update["edited_message"])?["message_id"] ?? 0;
    }

    /// <summary>Waits for a log line in the moderators' chat that contains <paramref name="text"/>.</summary>
    protected async Task<SentMessage> LoggedAsync(string text)
    {
        await Api.WaitUntilAsync(() => Api.SentMessages(ModLog).Any(m => m.PlainText.Contains(text, StringComparison.Ordinal)), description: $"a log line with \"{text}\"");
        return Api.SentMessages(ModLog).Last(m => m.PlainText.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>Waits for a message the bot posted in <paramref name="chat"/> that contains <paramref name="text"/>.</summary>
    protected async Task<SentMessage> PostedAsync(string text, long chat = Group)
    {
        await Api.WaitUntilAsync(() => Api.SentMessages(chat).Any(m => m.PlainText.Contains(text, StringComparison.Ordinal)), description: $"a message with \"{text}\" in {chat}");
        return Api.SentMessages(chat).Last(m => m.PlainText.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>
    /// Everything posted in <paramref name="chat"/> before now has been handled and its answers delivered: a fake-support
    /// message posted after it is answered in the group and logged, in that order, after the rest.
    /// </summary>
    protected async Task SettledAsync(long chat = Group)
    {
        var mark = $"sentinel{++sentinels}";
        Say(Sentinel, $"DM me for help, {mark}", chat);
        await LoggedAsync(mark);
        await PostedAsync("never DMs you first", chat);
    }

    /// <summary>The log lines other than the sentinels'.</summary>
    protected IReadOnlyList<SentMessage> LogLines() =>
        [.. Api.SentMessages(ModLog).Where(m => !m.PlainText.Contains("sentinel", StringComparison.Ordinal))];

    /// <summary>What the bot posted in the group other than the answers to the sentinels.</summary>
    protected IReadOnlyList<SentMessage> GroupPosts(long chat = Group) =>
        [.. Api.SentMessages(chat).Where(m => !m.PlainText.Contains("never DMs you first", StringComparison.Ordinal))];
}
