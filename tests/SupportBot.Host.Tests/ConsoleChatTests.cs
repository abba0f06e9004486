using System.Text;
using System.Text.RegularExpressions;
using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>
/// <c>chat</c> driven through <c>CliApp.RunAsync</c> with scripted input lines and a SQLite file in a temp folder.
/// Every test has its own folder (so its own database) and its own <c>--user</c>.
/// </summary>
public sealed partial class ConsoleChatTests : IDisposable
{
    // BIP-39 test vector (entropy 7f7f…) and Hardhat's publicly known development key #0: not real secrets.
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    private const string PrivateKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaf784d7bf4f2ff80";
    private const string TxHash = "0x9fc76417374aa880d4449a1f7f31ec597f00b1f6f3dd2d66f4c9c6c445836d8b";

    private readonly TempDirectory temp = new();

    private string Database => temp.File("chat.db");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Chat_ChoicesByNumber_ReachWithdrawAdviceWithLinks()
    {
        var chat = await ChatAsync(["--user", "numbers", "--language", "en"],
            "1", // Binance ↔ MetaMask
            "1", // from the exchange to my MetaMask
            "1", // Binance
            "1"); // BNB Smart Chain (BEP20)

        Assert.Contains("What do you need help with?\n  [1] Binance ↔ MetaMask (withdraw or deposit)\n", chat.Opening, StringComparison.Ordinal);
        Assert.Contains("Which way are the funds moving?\n  [1] From the exchange to my MetaMask\n", chat.ReplyTo(1), StringComparison.Ordinal);
        Assert.Contains("Which exchange?\n  [1] Binance (binance.com)\n  [2] Binance.US\n  [3] Back\n  [4] Main menu\n", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.Contains("Which network will you choose?\n  [1] BNB Smart Chain (BEP20)\n", chat.ReplyTo(3), StringComparison.Ordinal);

        var advice = chat.ReplyTo(4);
        Assert.StartsWith("Withdrawing from Binance (binance.com) to MetaMask on BNB Smart Chain\n", advice, StringComparison.Ordinal);
        Assert.Contains("select the BNB Smart Chain network (chain ID 56)", advice, StringComparison.Ordinal);
        Assert.Contains("You can check it on https://bscscan.com.", advice, StringComparison.Ordinal);
        Assert.Contains("  🔗 Binance: how to withdraw crypto: https://www.binance.com/en/support/faq/115003670492\n", advice, StringComparison.Ordinal);
        Assert.Contains("  🔗 MetaMask: add a network: https://support.metamask.io/configure/networks/how-to-add-a-custom-network-rpc/\n", advice, StringComparison.Ordinal);
        Assert.Contains("  🔗 MetaMask: show (import) tokens: https://support.metamask.io/managing-my-tokens/custom-tokens/how-to-display-tokens-in-metamask/\n", advice, StringComparison.Ordinal);
        Assert.DoesNotContain("Binance.US support", advice, StringComparison.Ordinal); // that link is for Binance.US only
        Assert.EndsWith("  [1] ✅ Yes, this solved it\n  [2] ❌ No, still not solved\n  [3] Back\n  [4] Main menu\n\n", advice, StringComparison.Ordinal);
        Assert.Equal("", chat.ReplyTo(5)); // end of input: no more replies, exit 0
    }

    [Fact]
    public async Task Chat_CrossChainToPolygon_BridgeAdviceWithOfficialBridgeLinks()
    {
        var chat = await ChatAsync(["--user", "bridge", "--language", "en"],
            "2", // move funds between BSC and another network
            "1", // from BNB Smart Chain to another network
            "3"); // Polygon

        Assert.Contains("Which other network?\n  [1] Ethereum (ERC20)\n  [2] opBNB\n  [3] Polygon\n", chat.ReplyTo(2), StringComparison.Ordinal);
        var advice = chat.ReplyTo(3);
        Assert.StartsWith("Moving funds between BNB Smart Chain and Polygon PoS\n", advice, StringComparison.Ordinal);
        Assert.Contains("add Polygon PoS (chain ID 137) in MetaMask", advice, StringComparison.Ordinal);
        Assert.Contains("  🔗 BNB Chain Bridge (third-party routes): https://www.bnbchain.org/en/bnb-chain-bridge\n", advice, StringComparison.Ordinal);
        // Polygon's own bridge goes to Ethereum, not to BSC: it is not offered here.
        Assert.DoesNotContain("portal.polygon.technology", advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_MissingTokensOnPolygonThenHash_TransactionLinkOnPolygonscan()
    {
        const string hash = "0x9fc76417374aa880d4449a1f7f31ec597f00b1f6f3dd2d66f4c9c6c445836d8b";
        var chat = await ChatAsync(["--user", "hash", "--language", "en"],
            "3", // I sent tokens but don't see them
            "2", // another network
            "3", // Polygon
            "2", // not added, or not sure
            "1", // done — still don't see them
            "2", // still not visible
            hash.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal));

        Assert.StartsWith("Add Polygon PoS to MetaMask\n", chat.ReplyTo(4), StringComparison.Ordinal);
        Assert.Contains("  • Chain ID: 137\n", chat.ReplyTo(4), StringComparison.Ordinal);
        Assert.StartsWith("Import the token by its contract address\n", chat.ReplyTo(5), StringComparison.Ordinal);
        Assert.StartsWith("Let's check the transaction itself.", chat.ReplyTo(6), StringComparison.Ordinal);
        Assert.Contains($"Open it on the explorer: https://polygonscan.com/tx/{hash}\n", chat.ReplyTo(7), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("вывел USDT с бинанса и не вижу токены")]
    [InlineData("ne vizhu tokeny posle vyvoda s binance")]
    public async Task Chat_RussianFreeText_RussianReplies(string text)
    {
        var chat = await ChatAsync(["--user", "russian-free-text"],
            text,
            "1", // BNB Smart Chain (BEP20)
            "назад");

        Assert.Equal(
            "В какой сети отправлены токены?\n  [1] BNB Smart Chain (BEP20)\n  [2] В другой сети\n" +
            "  [3] Не знаю — у меня есть хэш транзакции\n  [4] Назад\n  [5] Главное меню\n\n",
            chat.ReplyTo(1));
        Assert.StartsWith("MetaMask показывает баланс выбранной сети. Сеть BNB Smart Chain добавлена и выбрана в MetaMask?\n", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.Contains("  [1] Да, выбрана\n", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.StartsWith("В какой сети отправлены токены?\n", chat.ReplyTo(3), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("how to bridge my BNB to arbitrum?", "What do you want to do?\n  [1] Move funds from BNB Smart Chain to another network\n")]
    [InlineData("withdrew usdt from binanse, dont see it in metamask", "Which network were the tokens sent on?\n  [1] BNB Smart Chain (BEP20)\n")]
    [InlineData("How do I withdraw from Binance.US?", "Which way are the funds moving?\n  [1] From the exchange to my MetaMask\n")]
    public async Task Chat_EnglishFreeText_TriagedToScenario(string text, string step)
    {
        var chat = await ChatAsync(["--user", "english-free-text", "--language", "en"], text);

        Assert.StartsWith(step, chat.ReplyTo(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_Check_LinksAndUsage_AndAScamLinkInFreeTextIsWarnedAbout()
    {
        var chat = await ChatAsync(["--user", "check", "--language", "en"],
            "/check metamask.io",
            "/check https://rnetamask.io/import",
            "/check",
            "someone in the group said to go to metamask-verify.org/restore to fix my tokens");

        Assert.Contains("• metamask.io is an official domain ✅", chat.ReplyTo(1), StringComparison.Ordinal);
        Assert.Contains("rnetamask.io imitates metamask.io", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.Contains("Send /check with a link", chat.ReplyTo(3), StringComparison.Ordinal);
        Assert.StartsWith("🚨 Don't open this link.", chat.ReplyTo(4), StringComparison.Ordinal);
        Assert.Contains("metamask-verify.org is on MetaMask's list of phishing sites", chat.ReplyTo(4), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Phrase, "Your message looks like a Secret Recovery Phrase. I did not keep it.", Phrase)]
    [InlineData("1. legal 2. winner 3. thank 4. year 5. wave 6. sausage 7. worth 8. useful 9. legal 10. winner 11. thank 12. yellow", "Your message looks like a Secret Recovery Phrase. I did not keep it.", Phrase)]
    [InlineData("my private key is " + PrivateKey + " pls check", "Your message looks like a private key. I did not keep it.", PrivateKey)]
    public async Task Chat_SecretPasted_WarnsAndNeverEchoesNorStoresIt(string pasted, string warning, string secret)
    {
        var chat = await ChatAsync(["--user", "secret", "--language", "en"],
            "3", // I sent tokens but don't see them
            pasted,
            "1"); // the conversation goes on: BNB Smart Chain

        Assert.StartsWith("⚠️ " + warning + "\n", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.Contains("compromised", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.Contains("\nWhich network were the tokens sent on?\n  [1] BNB Smart Chain (BEP20)\n", chat.ReplyTo(2), StringComparison.Ordinal); // same step again
        Assert.Contains("Is BNB Smart Chain added and selected in MetaMask?", chat.ReplyTo(3), StringComparison.Ordinal);

        var stored = ReadDatabaseFiles();
        Assert.Contains("which-network", stored, StringComparison.Ordinal); // the conversation is in this file…
        foreach (var word in secret.Split(' ').Distinct())
        {
            Assert.DoesNotMatch(new Regex($@"\b{word}\b", RegexOptions.IgnoreCase), chat.Output); // …but the secret is nowhere
            Assert.DoesNotContain(word, stored, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Chat_RussianUserPastesPhrase_WarningInRussian()
    {
        var chat = await ChatAsync(["--user", "russian-secret", "--language", "ru"],
            "не вижу токены",
            "вот моя фраза: " + Phrase + ", где токены?");

        Assert.StartsWith("⚠️ Похоже, вы отправили секретную фразу восстановления. Я её не сохранил.\n", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.Contains("\nВ какой сети отправлены токены?\n", chat.ReplyTo(2), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_RestartedMidConversation_WelcomeBackAtSameStepThenBackWorks()
    {
        var first = await ChatAsync(["--user", "returning", "--language", "en"],
            "1", // Binance ↔ MetaMask
            "1", // from the exchange to my MetaMask
            "quit");
        Assert.StartsWith("Which exchange?\n", first.ReplyTo(2), StringComparison.Ordinal);
        Assert.Equal("", first.ReplyTo(3)); // 'quit' exits without a reply

        var second = await ChatAsync(["--user", "returning", "--language", "en"],
            "back",
            "back");

        Assert.DoesNotContain("Hi! I'm SupportBot", second.Opening, StringComparison.Ordinal);
        Assert.EndsWith(
            "Welcome back! We were here:\n\nWhich exchange?\n  [1] Binance (binance.com)\n  [2] Binance.US\n  [3] Back\n  [4] Main menu\n\n",
            second.Opening, StringComparison.Ordinal);
        Assert.StartsWith("Which way are the funds moving?\n", second.ReplyTo(1), StringComparison.Ordinal);
        Assert.StartsWith("What do you need help with?\n", second.ReplyTo(2), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_SameFileOtherUser_NewConversation()
    {
        await ChatAsync(["--user", "alice", "--language", "en"], "2");

        var bob = await ChatAsync(["--user", "bob", "--language", "en"]);
        var alice = await ChatAsync(["--user", "alice", "--language", "en"]);

        Assert.Contains("Hi! I'm SupportBot.", bob.Opening, StringComparison.Ordinal);
        Assert.Contains("\nWhat do you need help with?\n", bob.Opening, StringComparison.Ordinal);
        Assert.Contains("Welcome back! We were here:\n\nWhat do you want to do?\n", alice.Opening, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_LanguageRuForNewConversation_RussianFromTheStart()
    {
        var chat = await ChatAsync(["--user", "new-russian", "--language", "ru"],
            "1");

        Assert.Contains("Привет! Я SupportBot.", chat.Opening, StringComparison.Ordinal);
        Assert.Contains("\nС чем помочь?\n  [1] Binance ↔ MetaMask (вывод или пополнение)\n", chat.Opening, StringComparison.Ordinal);
        Assert.DoesNotContain("Hi! I'm SupportBot", chat.Output, StringComparison.Ordinal);
        Assert.StartsWith("Куда переводите средства?\n  [1] С биржи на мой MetaMask\n", chat.ReplyTo(1), StringComparison.Ordinal);
        Assert.Contains("  [4] Назад\n  [5] Главное меню\n", chat.ReplyTo(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_LanguageRuForExistingEnglishConversation_KeepsEnglish()
    {
        await ChatAsync(["--user", "english-first", "--language", "en"], "2");

        var again = await ChatAsync(["--user", "english-first", "--language", "ru"]);

        Assert.Contains("Welcome back! We were here:\n\nWhat do you want to do?\n", again.Opening, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_GlobalCommands_WorkMidConversation()
    {
        var chat = await ChatAsync(["--user", "commands", "--language", "en"],
            "2", // move funds between BSC and another network
            "1", // from BNB Smart Chain
            "help",
            "back",
            "1",
            "restart",
            "menu",
            "back",
            "3",
            "start");

        Assert.StartsWith("Which other network?\n", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.StartsWith("I can help with:\n  • Binance ↔ MetaMask (withdraw or deposit)\n", chat.ReplyTo(3), StringComparison.Ordinal);
        Assert.Contains("\nWhich other network?\n", chat.ReplyTo(3), StringComparison.Ordinal); // help keeps the step
        Assert.StartsWith("What do you want to do?\n", chat.ReplyTo(4), StringComparison.Ordinal); // back
        Assert.StartsWith("Which other network?\n", chat.ReplyTo(5), StringComparison.Ordinal);
        Assert.StartsWith("What do you want to do?\n", chat.ReplyTo(6), StringComparison.Ordinal); // restart: the scenario's first step
        Assert.StartsWith("What do you need help with?\n", chat.ReplyTo(7), StringComparison.Ordinal); // menu
        Assert.StartsWith("This is the first step — there is nothing to go back to.\n", chat.ReplyTo(8), StringComparison.Ordinal);
        Assert.StartsWith("Which network were the tokens sent on?\n", chat.ReplyTo(9), StringComparison.Ordinal);
        Assert.StartsWith("What do you need help with?\n", chat.ReplyTo(10), StringComparison.Ordinal); // start = menu
    }

    [Fact]
    public async Task Chat_LanguageCommandThenLanguageName_SwitchesToRussianAtSameStep()
    {
        var chat = await ChatAsync(["--user", "switch-by-name", "--language", "en"],
            "1",
            "language",
            "Русский");

        Assert.Equal("Choose your language.\n  [1] English\n  [2] Русский\n\n", chat.ReplyTo(2));
        Assert.StartsWith("Хорошо — буду отвечать по-русски.\n\nКуда переводите средства?\n", chat.ReplyTo(3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_LanguagePromptNumber_PicksTheLanguageShown()
    {
        var chat = await ChatAsync(["--user", "switch-by-number", "--language", "en"],
            "1",
            "language",
            "2"); // [2] Русский

        Assert.StartsWith("Хорошо — буду отвечать по-русски.\n\nКуда переводите средства?\n", chat.ReplyTo(3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_UnknownNumberAndGibberish_NotUnderstoodAtSameStep()
    {
        var chat = await ChatAsync(["--user", "confused", "--language", "en"],
            "1",
            "9",
            "qwerty");

        Assert.StartsWith("I didn't catch that.", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.Contains("\nWhich way are the funds moving?\n", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.StartsWith("I didn't catch that.", chat.ReplyTo(3), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("legal\nwinner\nthank\nyear\nwave\nsausage\nworth\nuseful\nlegal\nwinner\nthank\nyellow")]
    [InlineData("1. legal\n2. winner\n3. thank\n4. year\n5. wave\n6. sausage\n7. worth\n8. useful\n9. legal\n10. winner\n11. thank\n12. yellow\n")]
    [InlineData("my words:\n\nlegal winner thank\nyear wave sausage\nworth useful legal\nwinner thank yellow")]
    public async Task Chat_PhrasePastedOverSeveralLines_OneMessageWarnedNothingEchoedNorStored(string paste)
    {
        // A terminal delivers a paste at once: its lines are all waiting when the chat reads the first one.
        var chat = await ChatAsync(["--user", "pasted-lines", "--language", "en"], new TerminalInput(
            "3", // I sent tokens but don't see them
            paste,
            "1")); // BNB Smart Chain

        AssertPhraseCaughtAsOneMessage(chat);
    }

    [Fact]
    public async Task Chat_BracketedPasteOfTwelveLines_OneMessageWarnedNothingEchoedNorStored()
    {
        // A terminal in bracketed-paste mode marks the paste with ESC[200~ … ESC[201~, even when its lines arrive apart.
        var chat = await ChatAsync(["--user", "bracketed-paste", "--language", "en"],
            "3", // I sent tokens but don't see them
            "\u001b[200~legal", "winner", "thank", "year", "wave", "sausage", "worth", "useful", "legal", "winner", "thank", "yellow\u001b[201~",
            "1"); // BNB Smart Chain

        AssertPhraseCaughtAsOneMessage(chat);
    }

    [Fact]
    public async Task Chat_QuestionPastedOverTwoLines_OneAnswer()
    {
        var chat = await ChatAsync(["--user", "pasted-question", "--language", "en"], new TerminalInput(
            "withdrew usdt from binanse,\ndont see it in metamask"));

        Assert.StartsWith("Which network were the tokens sent on?\n", chat.ReplyTo(1), StringComparison.Ordinal);
        Assert.Equal("", chat.ReplyTo(2)); // one message, one answer, then the end of input
    }

    [Fact]
    public async Task Chat_LinesTypedOneAtATime_EachIsAMessage()
    {
        var chat = await ChatAsync(["--user", "typed-lines", "--language", "en"], new TerminalInput(
            "1", // Binance ↔ MetaMask
            "1", // from the exchange to my MetaMask
            "1")); // Binance

        Assert.StartsWith("Which way are the funds moving?\n", chat.ReplyTo(1), StringComparison.Ordinal);
        Assert.StartsWith("Which exchange?\n", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.Contains("\nWhich network will you choose?\n", chat.ReplyTo(3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_UserNameStartingWithAt_ChatsAsThatUser()
    {
        var chat = await ChatAsync(["--user", "@alice", "--language", "en"], "2");

        Assert.Contains("What do you need help with?\n", chat.Opening, StringComparison.Ordinal);
        Assert.StartsWith("What do you want to do?\n", chat.ReplyTo(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_LookupWhileRpcEndpointsFail_FailuresInTheLogFileNextToTheDatabase()
    {
        var chat = await ChatAsync(["--user", "log-file", "--language", "en"],
            "3", // I sent tokens but don't see them
            Phrase,
            TxHash);

        Assert.Contains("I couldn't check BNB Smart Chain", chat.ReplyTo(3), StringComparison.Ordinal);
        var log = File.ReadAllText(temp.File("supportbot.log"));
        Assert.Contains(" warn SupportBot.Chain.Lookup.ChainLookupService: Endpoint 127.0.0.1:9 of bsc failed: ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Endpoint", chat.Output, StringComparison.Ordinal);
        AssertNeitherPhraseNorHashIn(log);
    }

    [Fact]
    public async Task Chat_LogPathConfigured_LogsThereAndCreatesTheFolder()
    {
        var path = Path.Combine(temp.Path, "logs", "chat.log");

        var run = await CliRunner.RunAsync(["chat", "--user", "log-path", "--language", "en"], "3\n" + TxHash + "\n",
            [new("Storage:SqlitePath", Database), new("Console:LogPath", path)]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Endpoint 127.0.0.1:9 of bsc failed", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("supportbot.log")));
    }

    [Fact]
    public async Task Chat_InTheBotProcess_FailingRpcEndpointsNeverPrintedBetweenTheLines()
    {
        await using var bot = BotProcess.Start(temp.Path, ["chat", "--user", "terminal", "--language", "en"],
            CliRunner.Setting("Storage:SqlitePath", Database));

        await bot.WriteAsync("3\n" + Phrase + "\n" + TxHash + "\n");
        var run = await bot.FinishAsync();

        // The terminal shows stdout and stderr together: the conversation, and nothing else.
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var chat = new Transcript(run.Output);
        Assert.StartsWith("⚠️ Your message looks like a Secret Recovery Phrase.", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.Contains("I couldn't check BNB Smart Chain", chat.ReplyTo(3), StringComparison.Ordinal);
        Assert.DoesNotContain("Endpoint", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warn", run.Output, StringComparison.Ordinal);
        var log = File.ReadAllText(temp.File("supportbot.log"));
        Assert.Contains("Endpoint 127.0.0.1:9 of bsc failed", log, StringComparison.Ordinal);
        AssertNeitherPhraseNorHashIn(log);
    }

    [Fact]
    public async Task Chat_WidthGiven_LinesWrapAtWords_UrlsAndListIndentsKept()
    {
        var chat = await ChatAsync(["--user", "narrow", "--language", "en", "--width", "40"],
            "1", // Binance ↔ MetaMask
            "1", // from the exchange to my MetaMask
            "1", // Binance
            "1"); // BNB Smart Chain (BEP20)

        var advice = chat.ReplyTo(4);
        Assert.StartsWith("Withdrawing from Binance (binance.com)\nto MetaMask on BNB Smart Chain\n", advice, StringComparison.Ordinal);
        // A link is never cut: it goes whole onto a line of its own, under the text of its item.
        Assert.Contains("  🔗 Binance: how to withdraw crypto:\n     https://www.binance.com/en/support/faq/115003670492\n", advice, StringComparison.Ordinal);
        foreach (var line in chat.Output.Split('\n'))
        {
            Assert.True(line.Length <= 40 || !line.TrimStart().Contains(' ', StringComparison.Ordinal), $"Not wrapped: \"{line}\"");
        }

        Assert.Contains("\n  1. ", advice, StringComparison.Ordinal);
        var item = advice.Split('\n').SkipWhile(l => !l.StartsWith("  1. ", StringComparison.Ordinal)).Take(2).ToList();
        Assert.StartsWith("     ", item[1], StringComparison.Ordinal); // a numbered item continues under its text
        Assert.EndsWith("  [1] ✅ Yes, this solved it\n  [2] ❌ No, still not solved\n  [3] Back\n  [4] Main menu\n\n", advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_NoWidthAndOutputNotATerminal_LinesNotWrapped()
    {
        var chat = await ChatAsync(["--user", "unwrapped", "--language", "en"], "1", "1", "1", "1");

        Assert.StartsWith("Withdrawing from Binance (binance.com) to MetaMask on BNB Smart Chain\n", chat.ReplyTo(4), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_Colours_WarningYellowOnEveryLineEvenAfterBoldAndWrapped()
    {
        const string yellow = "\u001b[33m";
        const string reset = "\u001b[0m";
        var chat = await ChatAsync(["--user", "colours", "--language", "en", "--color", "--width", "50"],
            "3", // I sent tokens but don't see them
            Phrase);

        var warning = chat.ReplyTo(2).Split("\n\n")[0].Split('\n');
        Assert.True(warning.Length > 8); // the warning's lines, wrapped at 50 columns
        Assert.Contains("\u001b[1mYour message looks like a", warning[0], StringComparison.Ordinal);
        foreach (var line in warning)
        {
            Assert.StartsWith(yellow, line, StringComparison.Ordinal);
            Assert.EndsWith(reset, line, StringComparison.Ordinal);
            Assert.Equal(line.Length - reset.Length, line.IndexOf(reset, StringComparison.Ordinal)); // bold ends without ending the colour
        }

        // Bold that wraps onto the next line stays bold there.
        Assert.StartsWith(yellow + "\u001b[1m", warning[1], StringComparison.Ordinal);
        Assert.DoesNotContain(yellow, chat.ReplyTo(2).Split("\n\n")[1], StringComparison.Ordinal); // the step after it is not a warning
    }

    [Fact]
    public async Task Chat_SlashStartMidConversation_AsksContinueOrStartOver()
    {
        var chat = await ChatAsync(["--user", "slash-start", "--language", "en"],
            "1", // Binance ↔ MetaMask
            "/start",
            "1", // continue where I was
            "/start",
            "start over",
            "/start");

        Assert.Equal(
            "You are in the middle of a conversation. Continue where you were, or start over from the menu?\n  [1] Continue where I was\n  [2] Start over\n\n",
            chat.ReplyTo(2));
        Assert.StartsWith("Which way are the funds moving?\n", chat.ReplyTo(3), StringComparison.Ordinal);
        Assert.StartsWith("You are in the middle of a conversation.", chat.ReplyTo(4), StringComparison.Ordinal);
        Assert.StartsWith("What do you need help with?\n", chat.ReplyTo(5), StringComparison.Ordinal);
        Assert.StartsWith("What do you need help with?\n", chat.ReplyTo(6), StringComparison.Ordinal); // at the menu: no question
    }

    [Fact]
    public async Task Chat_SlashStartMidConversationInRussian_AskedInRussian()
    {
        var chat = await ChatAsync(["--user", "slash-start-ru", "--language", "ru"], "1", "/start", "продолжить");

        Assert.Equal("Мы ещё не закончили. Продолжим с того же места или начнём сначала?\n  [1] Продолжить\n  [2] Начать сначала\n\n", chat.ReplyTo(2));
        Assert.StartsWith("Куда переводите средства?\n", chat.ReplyTo(3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_UnreachableLookup_CheckAgainByNumberOrSameHash_LooksUpAgain()
    {
        var chat = await ChatAsync(["--user", "check-again", "--language", "en"],
            "3", // I sent tokens but don't see them
            TxHash,
            "3", // Check again
            TxHash);

        foreach (var reply in new[] { chat.ReplyTo(2), chat.ReplyTo(3), chat.ReplyTo(4) })
        {
            Assert.Contains("I couldn't check BNB Smart Chain", reply, StringComparison.Ordinal);
            Assert.Contains("\n  [3] 🔄 Check again\n  [4] Back\n  [5] Main menu\n", reply, StringComparison.Ordinal);
        }

        // The endpoint was asked each time (no retries are configured): one failure per lookup in the log.
        var log = File.ReadAllText(temp.File("supportbot.log"));
        Assert.Equal(3, Regex.Matches(log, "Endpoint 127.0.0.1:9 of bsc failed: ").Count);
    }

    /// <summary>The second input was the phrase: one warning for all of it, no word shown or stored, the step kept.</summary>
    private void AssertPhraseCaughtAsOneMessage(Transcript chat)
    {
        Assert.StartsWith("⚠️ Your message looks like a Secret Recovery Phrase. I did not keep it.\n", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.Contains("\nWhich network were the tokens sent on?\n", chat.ReplyTo(2), StringComparison.Ordinal);
        Assert.Contains("Is BNB Smart Chain added and selected in MetaMask?", chat.ReplyTo(3), StringComparison.Ordinal); // the next input answers the step
        Assert.Equal("", chat.ReplyTo(4));

        var stored = ReadDatabaseFiles();
        Assert.Contains("which-network", stored, StringComparison.Ordinal);
        foreach (var word in Phrase.Split(' ').Distinct())
        {
            Assert.DoesNotMatch(new Regex($@"\b{word}\b", RegexOptions.IgnoreCase), chat.Output);
            Assert.DoesNotContain(word, stored, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static void AssertNeitherPhraseNorHashIn(string log)
    {
        Assert.DoesNotContain(TxHash[2..], log, StringComparison.OrdinalIgnoreCase);
        foreach (var word in Phrase.Split(' ').Distinct())
        {
            Assert.DoesNotMatch(new Regex($@"\b{word}\b", RegexOptions.IgnoreCase), log);
        }
    }

    /// <summary>Runs <c>chat</c> with these options and input lines (then end of input) against this test's database.</summary>
    private Task<Transcript> ChatAsync(string[] options, params string[] lines)
    {
        var input = new StringReader(string.Concat(lines.Select(l => l + "\n")));
        return ChatAsync(options, input);
    }

    /// <summary>Runs <c>chat</c> with these options and this stdin against this test's database.</summary>
    private async Task<Transcript> ChatAsync(string[] options, TextReader input)
    {
        var run = await CliRunner.RunAsync(["chat", .. options], input, CliRunner.Setting("Storage:SqlitePath", Database));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        return new Transcript(run.Output);
    }

    /// <summary>Every byte SQLite wrote for this test (database, WAL, shared memory), as Latin-1 text to search.</summary>
    private string ReadDatabaseFiles()
    {
        var files = Directory.GetFiles(temp.Path, "chat.db*");
        Assert.Contains(Database, files);
        return string.Concat(files.Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
    }

    /// <summary>
    /// A chat's stdout cut at each "> " prompt: <see cref="Opening"/> is what came before the first prompt, and
    /// <see cref="ReplyTo"/>(n) what the bot answered to the n-th input line.
    /// </summary>
    private sealed partial class Transcript(string output)
    {
        private readonly string[] parts = Prompt().Split(output);

        public string Output { get; } = output;

        public string Opening => parts[0];

        public string ReplyTo(int line) => parts[line];

        [GeneratedRegex("(?m)^> ")]
        private static partial Regex Prompt();
    }
}
