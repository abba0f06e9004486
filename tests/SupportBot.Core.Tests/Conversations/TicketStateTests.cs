using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>The ticket parts of a saved conversation, and the steps that hand over to the team.</summary>
public sealed class TicketStateTests
{
    private const string Tx = "0x8a1b6f6b3c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7";

    [Fact]
    public void Serializer_FormAndPendingRating_RoundTrip_AvailabilityNeverStored()
    {
        var state = new ConversationState
        {
            Key = "telegram/1",
            ScenarioId = "exchange-withdrawal",
            StepId = "wrong-network-binance",
            TicketDraft = new TicketDraft("exchange-withdrawal/wrong-network-binance", "Sent on the wrong network", "bsc", Tx),
            RatingAwaitingComment = new PendingRating(7, 4),
            TicketsAvailable = true,
        };

        var json = ConversationStateSerializer.Serialize(state);
        var read = ConversationStateSerializer.Deserialize(json);

        Assert.Equal(state.TicketDraft, read.TicketDraft);
        Assert.Equal(state.RatingAwaitingComment, read.RatingAwaitingComment);
        Assert.False(read.TicketsAvailable);
        Assert.DoesNotContain("ticketsAvailable", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Serializer_StateSavedBeforeTickets_ReadsWithoutForm()
    {
        const string before = """{"key":"telegram/1","language":"ru","scenarioId":"menu","stepId":"main","slots":{"network":"bsc"},"version":3}""";

        var read = ConversationStateSerializer.Deserialize(before);

        Assert.Null(read.TicketDraft);
        Assert.Null(read.RatingAwaitingComment);
        Assert.Equal("ru", read.Language);
    }

    [Fact]
    public async Task EveryStep_TeamButtonExactlyWhereContentMarksHandoff()
    {
        var bot = new TicketBot();
        var handoff = new List<string>();
        foreach (var scenario in TestContent.Catalog.Scenarios.Values)
        {
            foreach (var step in scenario.Steps.Values)
            {
                var user = $"{scenario.Id}.{step.Id}";
                var at = new ConversationState { Key = "test/" + user, ScenarioId = scenario.Id, StepId = step.Id };
                Assert.True(await bot.Conversations.TrySaveAsync(at, 0, TestClock.Epoch.AddDays(1), CancellationToken.None));

                var chat = await bot.User(user).Sends(ChoicePayload.Command(ChoicePayload.ContinueCommand));

                var offers = chat.Buttons.Any(b => b.Payload == ChoicePayload.Command(ChoicePayload.TicketCommand));
                Assert.Equal(step.Handoff, offers);
                if (offers)
                {
                    handoff.Add(scenario.Id + "/" + step.Id);
                }
            }
        }

        Assert.Equal(
            ["cross-chain-transfer/contract-advice", "exchange-withdrawal/deposit-tx-advice", "exchange-withdrawal/wrong-network-binance",
             "exchange-withdrawal/wrong-network-binance-us"],
            handoff.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TeamTexts_AreButtonsWithinDiscordsLimit_InEveryLanguage()
    {
        foreach (var language in TestContent.Catalog.Texts.Languages)
        {
            foreach (var key in new[] { "ticket-form.button", "ticket-form.send", "ticket-form.cancel" })
            {
                var label = TestContent.Catalog.Texts.Get(language, key);
                Assert.InRange(label.Length, 1, DiscordLimits.ButtonLabel);
            }
        }
    }
}
