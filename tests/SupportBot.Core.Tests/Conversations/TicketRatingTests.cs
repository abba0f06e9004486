using SupportBot.Core.Conversations;
using SupportBot.Core.Tests.Support;
using SupportBot.Core.Tickets;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>After the team closes a ticket: the user's 1–5 rating, the one message after it as a comment, and rating buttons that do not count.</summary>
public sealed class TicketRatingTests
{
    // BIP-39 test vector (entropy 7f7f…): not a real secret.
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    /// <summary>A user whose ticket the team has closed, with the rating question the desk sent them.</summary>
    private static async Task<(Chat Chat, Ticket Ticket, Messages.OutboundMessage Question)> ClosedTicket(TicketBot bot, string user, string locale = "en")
    {
        var chat = await bot.User(user, locale).Says("/start").Says(locale == "ru" ? "позовите оператора" : "I need a human").Says(locale == "ru" ? "да" : "yes")
            .Says(locale == "ru" ? "Депозит на Binance не пришёл уже два дня" : "My Binance deposit has not arrived for two days")
            .Says(locale == "ru" ? "отправить" : "send");
        var ticket = (await bot.OpenTicketOf(user))!;
        await bot.Desk.CloseAsync(bot.Channel.Name, ticket.Place!, "Alice", "deposit credited", CancellationToken.None);
        return (chat, (await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!, bot.Channel.ToUser[^1].Message);
    }

    [Fact]
    public async Task Rating_ThenComment_BothSaved_OnlyTheNextMessageIsTheComment()
    {
        var bot = new TicketBot();
        var (chat, ticket, question) = await ClosedTicket(bot, "rates");
        Assert.Equal(ChoicePayload.Rate(ticket.Id, 4), question.Choices[3].Payload);

        await chat.Sends(question.Choices[3].Payload);

        chat.Expect("Thank you for the rating!");
        Assert.Equal(4, (await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!.Rating);

        await chat.Says("Alice was quick and kind, thanks");

        chat.Expect("Thank you — the team will read your comment");
        var rated = (await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!;
        Assert.Equal((4, "Alice was quick and kind, thanks"), (rated.Rating, rated.RatingComment));

        await chat.Says("Also my tokens are missing from MetaMask");

        Assert.Equal("Alice was quick and kind, thanks", (await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!.RatingComment);
        Assert.DoesNotContain("comment", chat.Reply, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rating_InRussian_ThanksInRussian()
    {
        var bot = new TicketBot();
        var (chat, ticket, question) = await ClosedTicket(bot, "rates-ru", "ru");

        await chat.Sends(question.Choices[4].Payload);
        await chat.Says("Спасибо, всё решили");

        chat.Expect("Спасибо — команда прочитает ваш комментарий");
        Assert.Equal((5, "Спасибо, всё решили"), ((await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!.Rating, (await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!.RatingComment));
    }

    [Fact]
    public async Task Rating_CommandAfterIt_IsNotAComment()
    {
        var bot = new TicketBot();
        var (chat, ticket, question) = await ClosedTicket(bot, "rates-menu");
        await chat.Sends(question.Choices[2].Payload);

        await chat.Says("menu");

        chat.ExpectAt("menu/main");
        Assert.Null((await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!.RatingComment);
    }

    [Fact]
    public async Task Comment_WithASecret_Warned_NothingStored()
    {
        var bot = new TicketBot();
        var (chat, ticket, question) = await ClosedTicket(bot, "rates-secret");
        await chat.Sends(question.Choices[0].Payload);

        await chat.Says("here are my words so you can check: " + Phrase);

        Assert.True(chat.Last.SecretDetected);
        chat.Expect("looks like a Secret Recovery Phrase");
        var stored = (await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!;
        Assert.Equal(1, stored.Rating);
        Assert.Null(stored.RatingComment);
    }

    [Theory]
    [InlineData("g:rate:999:5")]
    [InlineData("g:rate:abc")]
    [InlineData("g:rate:1:9")]
    [InlineData("g:rate")]
    public async Task RatingButton_NotForAClosedTicketOfTheUser_ClearMessage_NothingSaved(string payload)
    {
        var bot = new TicketBot();
        var (chat, ticket, _) = await ClosedTicket(bot, "bad-" + payload.Length);

        await chat.Sends(payload.Replace("1:9", ticket.Id + ":9", StringComparison.Ordinal));

        chat.Expect("That rating button doesn't match a ticket of yours");
        Assert.Null((await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!.Rating);

        await chat.Says("this is not a comment");
        Assert.Null((await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!.RatingComment);
    }

    [Fact]
    public async Task RatingButton_OfAnotherUsersTicket_NotCounted()
    {
        var bot = new TicketBot();
        var (_, ticket, question) = await ClosedTicket(bot, "owner");

        var other = await bot.User("other").Says("/start").Sends(question.Choices[0].Payload);

        other.Expect("That rating button doesn't match a ticket of yours");
        Assert.Null((await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!.Rating);
    }

    [Fact]
    public async Task RatingButton_TicketStillOpen_NotYet()
    {
        var bot = new TicketBot();
        var chat = await bot.User("open").Says("/start").Says("human please").Says("yes").Says("My withdrawal is stuck for a day").Says("send");
        var ticket = (await bot.OpenTicketOf("open"))!;

        await chat.Sends(ChoicePayload.Rate(ticket.Id, 5));

        chat.Expect("That ticket isn't closed, so it can't be rated yet");
        Assert.Null((await bot.Tickets.GetAsync(ticket.Id, CancellationToken.None))!.Rating);
    }

    [Fact]
    public async Task RatingButton_WithoutTicketDesk_NotCounted()
    {
        var bot = new TicketBot(withDesk: false);

        var chat = await bot.User("nodesk").Sends(ChoicePayload.Rate(1, 5));

        chat.Expect("That rating button doesn't match a ticket of yours");
    }
}
