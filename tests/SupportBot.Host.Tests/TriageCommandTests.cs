using System.Text.Json;
using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>
/// <c>triage --json "&lt;text&gt;"</c>: exactly one JSON object on one line of stdout, with exactly the keys
/// scenario, language, transactions, addresses, networks and secret — and never the secret itself.
/// </summary>
public class TriageCommandTests
{
    // BIP-39 test vector (entropy 7f7f…) and Hardhat's publicly known development key #0: not real secrets.
    private const string Phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    private const string PrivateKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaf784d7bf4f2ff80";

    private const string RussianWithPhrase =
        "моя фраза: 1. legal 2. winner 3. thank 4. year 5. wave 6. sausage 7. worth 8. useful 9. legal 10. winner 11. thank 12. yellow, где токены?";

    private const string TxHash = "0x9fc76417374aa880d4449a1f7f31ec597f00b1f6f3dd2d66f4c9c6c445836d8b";

    // EIP-55 test vector: the same address in lower case and in checksum form.
    private const string EvmLower = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
    private const string EvmChecksum = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    private static readonly string[] Keys = ["addresses", "alternatives", "clarify", "confidence", "intent", "language", "networks", "scenario", "secret", "transactions"];

    [Theory]
    // English
    [InlineData("how to withdraw USDT from Binance to MetaMask", "exchange-withdrawal", "en", "")]
    [InlineData("I sent tokens to the wrong network", "cross-chain-transfer", "en", "")]
    [InlineData("I want to move BNB from BSC to Ethereum", "cross-chain-transfer", "en", "bsc ethereum")]
    [InlineData("I withdrew USDT from Binance to MetaMask via BEP20 but I don't see it", "missing-tokens", "en", "bsc")]
    [InlineData("Where are my tokens? I used ERC20", "missing-tokens", "en", "ethereum")]
    [InlineData("hello there", "none", "en", "")]
    // English with typos
    [InlineData("how do I withdrow from binanse to metamsk", "exchange-withdrawal", "en", "")]
    [InlineData("how to witdraw from binanse", "exchange-withdrawal", "en", "")]
    // Russian
    [InlineData("помогите с выводом на метамаск", "exchange-withdrawal", "ru", "")]
    [InlineData("мост из bsc в полигон", "cross-chain-transfer", "ru", "bsc polygon")]
    [InlineData("вывел USDT с бинанса и не вижу токены", "missing-tokens", "ru", "")]
    [InlineData("привет", "none", "ru", "")]
    // Russian with typos
    [InlineData("не вижу токкены после вывда с бинанса", "missing-tokens", "ru", "")]
    // Russian in Latin letters
    [InlineData("vivesti s birzhi na metamask", "exchange-withdrawal", "ru", "")]
    [InlineData("kak perevesti iz bsc v polygon cherez most", "cross-chain-transfer", "ru", "bsc polygon")]
    [InlineData("ne vizhu tokeny posle vyvoda s binance", "missing-tokens", "ru", "")]
    [InlineData("pomogite ne prishli tokeny", "missing-tokens", "ru", "")]
    public async Task Triage_FreeText_ScenarioLanguageAndNetworks(string text, string scenario, string language, string networks)
    {
        var triage = await TriageAsync(text);

        Assert.Equal(scenario, triage.Scenario);
        Assert.Equal(language, triage.Language);
        Assert.Equal(networks.Split(' ', StringSplitOptions.RemoveEmptyEntries), triage.Networks);
        Assert.Empty(triage.Transactions);
        Assert.Empty(triage.Addresses);
        Assert.False(triage.Secret);
    }

    [Theory]
    [InlineData("withdraw USDT via BEP20", "bsc")]
    [InlineData("sent via BEP-20", "bsc")]
    [InlineData("сеть бэп20", "bsc")]
    [InlineData("deposit via ERC20", "ethereum")]
    [InlineData("Binance offers only BEP2", "bnb-beacon")]
    [InlineData("перевести в полигон", "polygon")]
    [InlineData("I used Matic", "polygon")]
    public async Task Triage_NetworkName_NormalisedToRegistryKey(string text, string network)
    {
        var triage = await TriageAsync(text);

        Assert.Equal([network], triage.Networks);
    }

    [Fact]
    public async Task Triage_BEP2AndBEP20_BothNetworksNotConfused()
    {
        var triage = await TriageAsync("Binance offers BEP2 and BEP20, which one?");

        Assert.Equal(["bnb-beacon", "bsc"], triage.Networks.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Triage_TwoNetworks_ListedInOrderOfMention()
    {
        var triage = await TriageAsync("how to bridge from polygon to bsc");

        Assert.Equal(["polygon", "bsc"], triage.Networks);
    }

    [Fact]
    public async Task Triage_WithdrawAskingWhichNetwork_ExchangeWithdrawal()
    {
        var english = await TriageAsync("withdraw USDT to metamask: BEP20 or ERC20?");
        var russian = await TriageAsync("вывод через BEP20 или ERC20?");

        Assert.Equal("exchange-withdrawal", english.Scenario);
        Assert.Equal("exchange-withdrawal", russian.Scenario);
    }

    [Fact]
    public async Task Triage_RussianSentToWrongNetwork_CrossChainTransfer()
    {
        var triage = await TriageAsync("отправил не в ту сеть");

        Assert.Equal("cross-chain-transfer", triage.Scenario);
        Assert.Equal("ru", triage.Language);
    }

    [Theory]
    [InlineData("tx 0x9FC76417374AA880D4449A1F7F31EC597F00B1F6F3DD2D66F4C9C6C445836D8B not arrived", "en")]
    [InlineData("tokens not arrived, tx " + TxHash, "en")]
    [InlineData("не пришли токены, хэш " + TxHash, "ru")]
    public async Task Triage_TransactionHash_ExtractedLowercase(string text, string language)
    {
        var triage = await TriageAsync(text);

        Assert.Equal([TxHash], triage.Transactions);
        Assert.Equal("missing-tokens", triage.Scenario);
        Assert.Equal(language, triage.Language);
        Assert.False(triage.Secret);
    }

    [Theory]
    [InlineData("sent to " + EvmLower + " on bsc, not showing")]
    [InlineData("sent to 0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED on bsc, not showing")]
    [InlineData("sent to " + EvmChecksum + " on bsc, not showing")]
    public async Task Triage_EvmAddress_ChecksumForm(string text)
    {
        var triage = await TriageAsync(text);

        Assert.Equal([(EvmChecksum, "evm")], triage.Addresses);
        Assert.Equal(["bsc"], triage.Networks);
        Assert.Equal("missing-tokens", triage.Scenario);
    }

    [Fact]
    public async Task Triage_Bnb1Address_KindBep2AndExchangeWithdrawal()
    {
        var triage = await TriageAsync("withdraw to bnb1grpf0955h0ykzq3ar5nmum7y6gdfl6lxfn46h2 with memo");

        Assert.Equal([("bnb1grpf0955h0ykzq3ar5nmum7y6gdfl6lxfn46h2", "bep2")], triage.Addresses);
        Assert.Equal("exchange-withdrawal", triage.Scenario);
    }

    [Theory]
    [InlineData("I sent USDT to TJRabPrwbZy45sbavfcjinPJC18kjpRTv8 help", "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8", "tron")]
    [InlineData("sent BTC to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq by mistake", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "bitcoin")]
    [InlineData("sent to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "bitcoin")]
    [InlineData("my solana wallet 7EcDhSYGxXd8ZUf1zuwJg5b1xRvM6yDXSkAXYTxu6Hh2", "7EcDhSYGxXd8ZUf1zuwJg5b1xRvM6yDXSkAXYTxu6Hh2", "solana")]
    public async Task Triage_NonEvmAddress_KindNamed(string text, string address, string kind)
    {
        var triage = await TriageAsync(text);

        Assert.Equal([(address, kind)], triage.Addresses);
    }

    [Theory]
    [InlineData("my phrase is " + Phrase + ", tokens missing")]
    [InlineData("LEGAL Winner thank YEAR wave sausage worth useful legal winner thank yellow")]
    [InlineData("1) legal\n2) winner\n3) thank\n4) year\n5) wave\n6) sausage\n7) worth\n8) useful\n9) legal\n10) winner\n11) thank\n12) yellow")]
    [InlineData(RussianWithPhrase)]
    public async Task Triage_RecoveryPhrase_SecretTrueAndNoWordPrinted(string text)
    {
        var triage = await TriageAsync(text);

        Assert.True(triage.Secret);
        foreach (var word in Phrase.Split(' '))
        {
            Assert.DoesNotContain(word, triage.Raw, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Triage_RussianMessageWithRecoveryPhrase_LanguageRu()
    {
        var triage = await TriageAsync(RussianWithPhrase);

        Assert.True(triage.Secret);
        Assert.Equal("ru", triage.Language);
    }

    [Theory]
    [InlineData(PrivateKey + " please help")]
    [InlineData("my private key is " + PrivateKey + " why is my balance zero")]
    [InlineData("here is my private key 0x" + PrivateKey)]
    [InlineData("мой приватный ключ " + PrivateKey)]
    [InlineData("0x" + PrivateKey + " <- that is my private key")]
    [InlineData("pk: 0x" + PrivateKey)]
    [InlineData("privkey 0x" + PrivateKey)]
    [InlineData("мой приватник 0x" + PrivateKey)]
    [InlineData("PRIVATE KEY 0X" + "AC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAF784D7BF4F2FF80")]
    [InlineData("ac0974be c39a17e3 6ba4a6b4 d238ff94 4bacb478 cbed5efc af784d7b f4f2ff80")]
    public async Task Triage_PrivateKey_SecretTrueAndKeyNotPrinted(string text)
    {
        var triage = await TriageAsync(text);

        Assert.True(triage.Secret);
        Assert.Empty(triage.Transactions); // a 0x-prefixed key is not reported as a transaction hash
        Assert.DoesNotContain(PrivateKey[..16], triage.Raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(PrivateKey[^16..], triage.Raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Triage_WithoutJson_ReadableSummaryWithoutTheSecret()
    {
        var run = await CliRunner.RunAsync(["triage", "my phrase is " + Phrase]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("secret:       yes", run.Output, StringComparison.Ordinal);
        foreach (var word in Phrase.Split(' '))
        {
            Assert.DoesNotContain(word, run.Output, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    // a Discord mention, typed as one argument or as words
    [InlineData("@alice I withdrew USDT via BEP20 and don't see it")]
    [InlineData("@alice", "I", "withdrew", "USDT", "via", "BEP20", "and", "don't", "see", "it")]
    // text that starts with a dash, or holds an option's name
    [InlineData("-5", "USDT", "missing", "after", "withdrawal", "via", "BEP20")]
    [InlineData("-- is this safe? I withdrew USDT via BEP20 and don't see it")]
    [InlineData("I", "withdrew", "USDT", "--stdin", "--json", "-h", "via", "BEP20", "and", "don't", "see", "it")]
    [InlineData("--", "--stdin is what support said; I withdrew USDT via BEP20 and don't see it")]
    public async Task Triage_MessageStartingWithAtOrDash_TriagedAsTheMessage(params string[] words)
    {
        var triage = await TriageAsync(words);

        Assert.Equal("missing-tokens", triage.Scenario);
        Assert.Equal(["bsc"], triage.Networks);
    }

    [Fact]
    public async Task Triage_AtWordNamingAnExistingFile_NotReadAsResponseFile()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("alice"), "--help\n");

        var run = await CliRunner.RunAsync(["triage", "--json", "@" + temp.File("alice"), "hello"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"scenario\":\"none\"", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triage_NoMessage_ErrorNamesStdin()
    {
        var run = await CliRunner.RunAsync(["triage", "--json"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Give the message to triage, or --stdin", run.Error, StringComparison.Ordinal);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("{", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triage_Stdin_OneObjectPerLineWithItsLineNumberBlankLinesSkipped()
    {
        var run = await CliRunner.RunAsync(["triage", "--stdin"],
            "how to withdraw USDT from Binance to MetaMask\n\n   \r\nмост из bsc в полигон\r\ntx " + TxHash + " not arrived");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var lines = ParseLines(run.Output);
        Assert.Equal([1, 4, 5], lines.Select(l => l.GetProperty("line").GetInt32()));
        Assert.Equal(["exchange-withdrawal", "cross-chain-transfer", "missing-tokens"], lines.Select(l => l.GetProperty("scenario").GetString()));
        Assert.Equal("ru", lines[1].GetProperty("language").GetString());
        Assert.Equal(TxHash, lines[2].GetProperty("transactions")[0].GetString());
        Assert.All(lines, l => Assert.Equal(Keys.Append("line").Order(StringComparer.Ordinal), l.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Triage_StdinWithSecrets_FlaggedAndNeverPrinted()
    {
        var run = await CliRunner.RunAsync(["triage", "--stdin"], string.Join('\n',
            "my phrase is " + Phrase + ", tokens missing",
            "my private key is 0x" + PrivateKey,
            new string(' ', TooLong) + Phrase + " " + PrivateKey,
            "hello"));

        Assert.Equal(0, run.ExitCode);
        var lines = ParseLines(run.Output);
        Assert.Equal(4, lines.Length);
        Assert.True(lines[0].GetProperty("secret").GetBoolean());
        Assert.True(lines[1].GetProperty("secret").GetBoolean());
        Assert.Empty(lines[1].GetProperty("transactions").EnumerateArray());
        Assert.Equal("longer than 16384 characters; not triaged", lines[2].GetProperty("error").GetString());
        Assert.False(lines[3].GetProperty("secret").GetBoolean());
        foreach (var word in Phrase.Split(' ').Append(PrivateKey[..16]).Append(PrivateKey[^16..]))
        {
            Assert.DoesNotContain(word, run.Output, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Triage_StdinHugeLine_ErrorForThatLineAndTheNextStillTriaged()
    {
        var run = await CliRunner.RunAsync(["triage", "--stdin"], new string('a', 10 * 1024 * 1024) + "\nwithdraw via BEP20\n");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("{\"line\":1,\"error\":\"longer than 16384 characters; not triaged\"}", lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(2, second.RootElement.GetProperty("line").GetInt32());
        Assert.Equal("exchange-withdrawal", second.RootElement.GetProperty("scenario").GetString());
        Assert.Equal("bsc", Assert.Single(second.RootElement.GetProperty("networks").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Triage_StdinLineAtTheLimit_Triaged()
    {
        var run = await CliRunner.RunAsync(["triage", "--stdin"], "withdraw via BEP20" + new string(' ', TooLong - 1 - "withdraw via BEP20".Length) + "\r\n");

        Assert.Equal("bsc", Assert.Single(ParseLines(run.Output)).GetProperty("networks")[0].GetString());
    }

    [Fact]
    public async Task Triage_StdinAndMessage_ErrorNotBoth()
    {
        var run = await CliRunner.RunAsync(["triage", "--stdin", "hello"], "hello\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Give either a message or --stdin, not both.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("{", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triage_StdinPipedToTheBot_InvalidUtf8LineTriagedAndTheRunGoesOn()
    {
        using var temp = new TempDirectory();
        await using var bot = BotProcess.Start(temp.Path, ["triage", "--stdin"]);

        // Bytes that are not UTF-8: a stray FF FE, a broken two-byte sequence, an encoded surrogate.
        await bot.WriteAsync([.. "withdraw "u8, 0xFF, 0xFE, .. " via "u8, 0xC3, 0x28, .. " BEP20\n"u8, 0xED, 0xA0, 0x80, .. "\nвывел USDT с бинанса и не вижу\n"u8]);
        var run = await bot.FinishAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var lines = ParseLines(run.Output);
        Assert.Equal([1, 2, 3], lines.Select(l => l.GetProperty("line").GetInt32()));
        Assert.Equal(["bsc"], lines[0].GetProperty("networks").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("missing-tokens", lines[2].GetProperty("scenario").GetString());
        Assert.Equal("ru", lines[2].GetProperty("language").GetString());
    }

    [Fact]
    public async Task Triage_StdinPipedToTheBot_EachAnswerPrintedBeforeTheNextLineIsWritten()
    {
        using var temp = new TempDirectory();
        await using var bot = BotProcess.Start(temp.Path, ["triage", "--stdin"]);

        await bot.WriteAsync("how to withdraw USDT from Binance to MetaMask\n");
        var first = await bot.ReadLineAsync();
        await bot.WriteAsync("\nмост из bsc в полигон\n");
        var second = await bot.ReadLineAsync();
        var rest = await bot.FinishAsync();

        Assert.StartsWith("{\"line\":1,\"scenario\":\"exchange-withdrawal\",", first, StringComparison.Ordinal);
        Assert.StartsWith("{\"line\":3,\"scenario\":\"cross-chain-transfer\",", second, StringComparison.Ordinal);
        Assert.Equal(new CliRun(0, "", ""), rest);
    }

    private const int TooLong = 16 * 1024 + 1;

    private static JsonElement[] ParseLines(string output)
    {
        Assert.EndsWith("\n", output, StringComparison.Ordinal);
        return [.. output.TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement)];
    }

    /// <summary>Runs <c>triage --json</c> and checks the shape every answer must have.</summary>
    private static async Task<TriageOutput> TriageAsync(params string[] text)
    {
        var run = await CliRunner.RunAsync(["triage", "--json", .. text]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.EndsWith("\n", run.Output, StringComparison.Ordinal);
        Assert.Single(run.Output.TrimEnd('\n').Split('\n')); // one line
        using var document = JsonDocument.Parse(run.Output); // one JSON value, nothing after it
        var json = document.RootElement;
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        Assert.Equal(Keys, json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var address in json.GetProperty("addresses").EnumerateArray())
        {
            Assert.Equal(["kind", "value"], address.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        }

        return new TriageOutput(
            run.Output,
            json.GetProperty("scenario").GetString()!,
            json.GetProperty("language").GetString()!,
            [.. json.GetProperty("transactions").EnumerateArray().Select(t => t.GetString()!)],
            [.. json.GetProperty("addresses").EnumerateArray().Select(a => (a.GetProperty("value").GetString()!, a.GetProperty("kind").GetString()!))],
            [.. json.GetProperty("networks").EnumerateArray().Select(n => n.GetString()!)],
            json.GetProperty("secret").GetBoolean());
    }

    private sealed record TriageOutput(
        string Raw,
        string Scenario,
        string Language,
        string[] Transactions,
        (string Value, string Kind)[] Addresses,
        string[] Networks,
        bool Secret);
}
