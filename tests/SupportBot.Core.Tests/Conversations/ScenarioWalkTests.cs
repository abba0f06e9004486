using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Conversations;

/// <summary>
/// Presses every button path through every scenario, in every language, through the real engine: each branch must
/// end in advice with no unfilled placeholder and no text from the other language, and every step must be visited.
/// </summary>
public sealed class ScenarioWalkTests
{
    public static TheoryData<string> Languages => ["en", "ru"];

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task EveryButtonPath_InLanguage_EndsInCompleteAdvice(string language)
    {
        var bot = new TestBot();
        var visited = new HashSet<string>();
        var terminals = new HashSet<string>();
        var conversation = 0;

        // Depth-first over button paths: each path is replayed in a fresh conversation.
        var pending = new Stack<List<string>>();
        pending.Push([]);
        while (pending.TryPop(out var path))
        {
            var chat = bot.User($"walk-{language}-{conversation++}", language);
            await chat.Says("/start");
            foreach (var payload in path)
            {
                await chat.Sends(payload);
            }

            visited.Add(chat.Step);
            AssertComplete(chat, language);
            var step = TestContent.Catalog.Scenarios[chat.Last.ScenarioId].Steps[chat.Last.StepId];
            if (step.IsTerminal)
            {
                terminals.Add(chat.Step);
                Assert.Contains(chat.Buttons, b => b.Payload == ChoicePayload.Command(GlobalCommandNames.Menu));
                continue;
            }

            // Follow the step's own choices, not back/menu/language. Scenarios are trees, so this ends.
            foreach (var button in chat.Buttons.Where(b => b.Payload.StartsWith("c:", StringComparison.Ordinal)))
            {
                pending.Push([.. path, button.Payload]);
            }
        }

        var allSteps = TestContent.Catalog.Scenarios.Values.SelectMany(s => s.Steps.Keys.Select(k => $"{s.Id}/{k}"));
        // These are reached by typing a transaction hash or an address, not by buttons (covered in TranscriptTests).
        string[] reachedByTyping =
        [
            "exchange-withdrawal/deposit-tx-advice", "exchange-withdrawal/deposit-tx-exchange", "exchange-withdrawal/tx-received",
            "missing-tokens/address-advice", "missing-tokens/tx-advice", "missing-tokens/tx-own-wallet",
        ];
        Assert.Equal(reachedByTyping, allSteps.Except(visited).Order(StringComparer.Ordinal));
        Assert.All(terminals, t => Assert.True(TestContent.Catalog.Scenarios[t.Split('/')[0]].Steps[t.Split('/')[1]].Links.Count > 0
            || t is "missing-tokens/find-tx" or "exchange-withdrawal/non-evm", $"{t} gives advice without an official link"));
    }

    private static readonly string[] OtherChainBridges = [.. TestContent.Catalog.Networks.Values
        .Where(n => n.Bridge is { Connects: not "bsc" }).Select(n => n.Bridge!.Url)];

    private static void AssertComplete(Chat chat, string language)
    {
        foreach (var reply in chat.Last.Replies)
        {
            Assert.DoesNotMatch(@"\{[a-z_]+\}", reply.Text);
            Assert.False(string.IsNullOrWhiteSpace(reply.Text));
            if (language == "ru")
            {
                // Russian replies are in Russian: every reply has Cyrillic text.
                Assert.Matches("[а-яА-Я]", reply.Text);
            }
            else
            {
                Assert.DoesNotMatch("[а-яА-Я]{3,}", reply.Text.Replace("Язык", "", StringComparison.Ordinal));
            }

            foreach (var link in reply.Links)
            {
                Assert.StartsWith("https://", link.Url, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(link.Label));
                // Every scenario is about BNB Smart Chain: an L2's own bridge, which goes to Ethereum, is never offered.
                Assert.DoesNotContain(link.Url, OtherChainBridges);
            }

            Assert.Equal(reply.Links.Count, reply.Links.Select(l => l.Url).Distinct().Count());

            foreach (var button in reply.Choices)
            {
                Assert.True(System.Text.Encoding.UTF8.GetByteCount(button.Payload) <= 64, button.Payload);
            }
        }
    }
}
