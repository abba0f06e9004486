using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Content;
using SupportBot.Core.Figures;
using SupportBot.Core.Messages;
using SupportBot.Core.Tickets;
using SupportBot.Core.Triage;
using SupportBot.Host.Tests.Support;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Host.Tests;

/// <summary>
/// <c>stats</c> after real console chats and tickets worked through the real desk on one SQLite file: the figures are
/// what the chats and the tickets did, and a pasted recovery phrase is nowhere in the file or the figures.
/// </summary>
public sealed class StatsCommandTests : IDisposable
{
    // BIP-39 test vector (entropy 7f7f…): not a real secret.
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    private readonly TempDirectory temp = new();

    private string Database => temp.File("stats.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        temp.Dispose();
    }

    [Fact]
    public async Task Stats_AfterChats_CountsWhatTheChatsDid_NoSecretAnywhere()
    {
        await ChatAsync("solved", "1", "1", "1", "1", "1"); // withdrawal advice, then "Yes, this solved it"
        await ChatAsync("unsolved", "1", "1", "1", "1", "2"); // withdrawal advice, then "No, still not solved"
        await ChatAsync("confused", "qwerty zxcv plonk", "my words are " + Phrase, "Qwerty  ZXCV plonk");

        var run = await StatsAsync("--json");

        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("conversations").GetInt32());
        Assert.Equal(2, root.GetProperty("finalAdvice").GetInt32());
        Assert.Equal(1, root.GetProperty("solved").GetInt32());
        Assert.Equal(1, root.GetProperty("unsolved").GetInt32());
        Assert.Equal(0, root.GetProperty("tickets").GetProperty("opened").GetInt32()); // the console has no ticket channel
        Assert.Equal(2, root.GetProperty("scenarios").GetProperty("exchange-withdrawal").GetInt32());
        Assert.Single(root.GetProperty("scenarios").EnumerateObject());
        var top = Assert.Single(root.GetProperty("topNotUnderstood").EnumerateArray());
        Assert.Equal(("qwerty zxcv plonk", 2), (top.GetProperty("text").GetString(), top.GetProperty("count").GetInt32()));

        var table = (await StatsAsync()).Output;
        Assert.Contains("  solved (said yes)            1\n", table, StringComparison.Ordinal);
        Assert.Contains("  not solved (said no)         1\n", table, StringComparison.Ordinal);
        Assert.DoesNotContain("not yet available", table, StringComparison.Ordinal);
        Assert.Contains("       2  exchange-withdrawal\n", table, StringComparison.Ordinal);
        Assert.Contains("       2  qwerty zxcv plonk", table, StringComparison.Ordinal);

        SqliteConnection.ClearAllPools();
        var stored = string.Concat(Directory.GetFiles(temp.Path, "stats.db*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.Contains("qwerty zxcv plonk", stored, StringComparison.Ordinal); // the events are in this file
        foreach (var word in new[] { "sausage", "yellow", "legal winner" })
        {
            Assert.DoesNotContain(word, stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(word, run.Output + table, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Stats_AfterTicketsWorkedThroughTheDesk_TheirFigures_JsonAndTable()
    {
        var clock = new FakeTimeProvider(TestClock.Epoch);
        var (desk, channel) = Desk(clock);
        // Three tickets opened at the epoch, and one the platform failed to create a place for (not counted).
        channel.FailCreatingPlace = true;
        Assert.Equal(TicketOpeningOutcome.Failed, (await desk.OpenAsync(Request("9"), None)).Outcome);
        channel.FailCreatingPlace = false;
        var tickets = new List<Ticket>();
        foreach (var user in new[] { "1", "2", "3" })
            tickets.Add((await desk.OpenAsync(Request(user), None)).Ticket!);
        var place = tickets.Select(t => channel.Places[t.Id]).ToList();

        clock.Advance(TimeSpan.FromMinutes(10));
        await StaffWritesAsync(desk, place[0], "Checking your withdrawal");
        Assert.Equal(RelayKind.Blocked, (await desk.FromUserAsync("discord", "1", "Ann", "here: " + Phrase, SecretKinds.None, "discord:message:u1", None)).Kind);
        clock.Advance(TimeSpan.FromMinutes(10)); // 20 min
        await StaffWritesAsync(desk, place[2], "// probably the memo");
        await StaffWritesAsync(desk, place[2], "Did you add the memo?");
        clock.Advance(TimeSpan.FromMinutes(10)); // 30 min
        await StaffWritesAsync(desk, place[1], "Looking into it");
        clock.Advance(TimeSpan.FromMinutes(30)); // 1 h
        Assert.True((await desk.CloseAsync("discord", place[0], "Bob", "credited", None)).Succeeded);
        clock.Advance(TimeSpan.FromHours(2)); // 3 h
        Assert.True((await desk.CloseAsync("discord", place[1], "Bob", null, None)).Succeeded);
        Assert.True((await desk.RateAsync("discord", "1", tickets[0].Id, 5, "quick and kind", None)).Succeeded);
        Assert.True((await desk.RateAsync("discord", "2", tickets[1].Id, 3, null, None)).Succeeded);
        var events = new SqliteConversationEvents(new SqliteStoreOptions { Path = Database });
        await events.RecordAsync(
            [
                new(TestClock.Epoch, "discord/1", ConversationEventKind.Escalated), new(TestClock.Epoch, "discord/1", ConversationEventKind.Escalated),
                new(TestClock.Epoch, "discord/2", ConversationEventKind.Escalated),
            ], None);

        var run = await StatsAsync("--json", "--from", "2030-01-15", "--to", "2030-01-16");

        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(2, json.RootElement.GetProperty("escalated").GetInt32());
        var figures = json.RootElement.GetProperty("tickets");
        Assert.Equal((3, 2, 1, 3), (figures.GetProperty("opened").GetInt32(), figures.GetProperty("closed").GetInt32(),
            figures.GetProperty("stillOpen").GetInt32(), figures.GetProperty("answered").GetInt32()));
        Assert.Equal(20 * 60, figures.GetProperty("medianToFirstAnswerSeconds").GetDouble()); // 10, 20, 30 min
        Assert.Equal(2 * 60 * 60, figures.GetProperty("medianToCloseSeconds").GetDouble()); // halfway between 1 h and 3 h
        var ratings = figures.GetProperty("ratings");
        Assert.Equal((2, 4.0, 1), (ratings.GetProperty("count").GetInt32(), ratings.GetProperty("average").GetDouble(), ratings.GetProperty("comments").GetInt32()));
        Assert.Equal(["1:0", "2:0", "3:1", "4:0", "5:1"], ratings.GetProperty("distribution").EnumerateObject().Select(p => $"{p.Name}:{p.Value.GetInt32()}"));

        var table = (await StatsAsync("--from", "2030-01-15", "--to", "2030-01-16")).Output;
        Assert.Contains("""

            Tickets opened in the period (closed and answered: by its end)
              opened                       3
              closed                       2
              still open                   1
              answered by staff            3
              median to first answer  20m 00s
              median to close         2h 00m

            Ratings of those closed
              rated                        2
              average                    4.0
              rated 5                      1
              rated 4                      0
              rated 3                      1
              rated 2                      0
              rated 1                      0
              with a comment               1

            """.ReplaceLineEndings("\n"), table, StringComparison.Ordinal);
        Assert.Contains("  escalated to a person        2\n", table, StringComparison.Ordinal);

        SqliteConnection.ClearAllPools();
        var stored = string.Concat(Directory.GetFiles(temp.Path, "stats.db*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.Contains("Checking your withdrawal", stored, StringComparison.Ordinal); // the ticket lines are in this file
        Assert.DoesNotContain("sausage", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_NoTicketsInThePeriod_ZerosAndDashes()
    {
        var clock = new FakeTimeProvider(TestClock.Epoch);
        var (desk, channel) = Desk(clock);
        var ticket = (await desk.OpenAsync(Request("1"), None)).Ticket!;
        await desk.CloseAsync("discord", channel.Places[ticket.Id], "Bob", null, None);

        var json = (await StatsAsync("--json", "--from", "2029-01-01", "--to", "2029-02-01")).Output;
        var table = (await StatsAsync("--from", "2029-01-01", "--to", "2029-02-01")).Output;

        using var document = JsonDocument.Parse(json);
        var figures = document.RootElement.GetProperty("tickets");
        Assert.Equal((0, 0, 0), (figures.GetProperty("opened").GetInt32(), figures.GetProperty("closed").GetInt32(), figures.GetProperty("stillOpen").GetInt32()));
        Assert.Equal(JsonValueKind.Null, figures.GetProperty("medianToFirstAnswerSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, figures.GetProperty("medianToCloseSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, figures.GetProperty("ratings").GetProperty("average").ValueKind);
        Assert.Contains("  median to first answer       —\n  median to close              —\n", table, StringComparison.Ordinal);
        Assert.Contains("  average                      —\n", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_PeriodBeforeTheChats_CountsNothing()
    {
        await ChatAsync("earlier", "1", "1", "1", "1", "1");

        var run = await StatsAsync("--json", "--from", "2029-01-01", "--to", "2029-02-01");

        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(0, json.RootElement.GetProperty("conversations").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("solved").GetInt32());
        Assert.Equal("2029-01-01T00:00:00.0000000+00:00", json.RootElement.GetProperty("from").GetString());
    }

    [Fact]
    public async Task Stats_FromAfterTo_ExplainsAndFails()
    {
        var run = await CliRunner.RunAsync(["stats", "--from", "2030-02-01", "--to", "2030-01-01"], "", CliRunner.Setting("Storage:SqlitePath", Database));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("must be before --to", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_DateNotUnderstood_ExplainsAndFails()
    {
        var run = await CliRunner.RunAsync(["stats", "--from", "last tuesday"], "", CliRunner.Setting("Storage:SqlitePath", Database));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not 'last tuesday'", run.Error, StringComparison.Ordinal);
    }

    private static readonly CancellationToken None = CancellationToken.None;

    private static TicketRequest Request(string user) =>
        new($"discord/{user}", "discord", user, new TicketForm("Sent USDT from Binance, it never arrived", "bsc", null));

    /// <summary>The real desk on this test's SQLite file, the content of the repository and <paramref name="clock"/>.</summary>
    private (TicketDesk Desk, PlaceRecorder Channel) Desk(TimeProvider clock)
    {
        var storage = new SqliteStoreOptions { Path = Database };
        var channel = new PlaceRecorder();
        var desk = new TicketDesk(new SqliteTicketStore(storage, clock), new SqliteTicketMessages(storage), [channel],
            ContentCatalog.Load(Repository.ContentPath), Options.Create(new TicketOptions()), clock, NullLogger<TicketDesk>.Instance);
        return (desk, channel);
    }

    private static async Task StaffWritesAsync(TicketDesk desk, string place, string text) =>
        Assert.NotEqual(RelayKind.Refused, (await desk.FromPlaceAsync("discord", place, "7", "Bob", isStaff: true, text, SecretKinds.None,
            $"discord:message:{Guid.NewGuid():N}", None)).Kind);

    private async Task ChatAsync(string user, params string[] lines)
    {
        var run = await CliRunner.RunAsync(["chat", "--user", user, "--language", "en"], string.Concat(lines.Select(l => l + "\n")),
            CliRunner.Setting("Storage:SqlitePath", Database));
        Assert.Equal(0, run.ExitCode);
    }

    private async Task<CliRun> StatsAsync(params string[] options)
    {
        var run = await CliRunner.RunAsync(["stats", .. options], "", CliRunner.Setting("Storage:SqlitePath", Database));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        return run;
    }
}

/// <summary>The platform side of tickets, reduced to what these tests need: places are created and remembered.</summary>
internal sealed class PlaceRecorder : ITicketChannel
{
    public string Name => "discord";

    public bool Enabled => true;

    public bool FailCreatingPlace { get; set; }

    /// <summary>Each ticket's place, by ticket id.</summary>
    public Dictionary<long, string> Places { get; } = [];

    public Task<string> CreatePlaceAsync(Ticket ticket, string opening, CancellationToken cancellationToken)
    {
        if (FailCreatingPlace)
            throw new HttpRequestException("403 Missing Permissions");
        Places[ticket.Id] = $"thread-{ticket.Id}";
        return Task.FromResult(Places[ticket.Id]);
    }

    public string? PlaceReference(Ticket ticket) => $"<#{ticket.Place}>";

    public Task PostToPlaceAsync(Ticket ticket, string text, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SendToUserAsync(Ticket ticket, OutboundMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ClosePlaceAsync(Ticket ticket, TicketTranscript transcript, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReopenPlaceAsync(Ticket ticket, CancellationToken cancellationToken) => Task.CompletedTask;
}
