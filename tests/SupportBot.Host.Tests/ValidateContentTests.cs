using SupportBot.Host.Tests.Support;

namespace SupportBot.Host.Tests;

/// <summary>
/// <c>validate-content [--path DIR]</c>: "Content OK" and exit 0 on the real content; on a copy with one deliberate
/// mistake, exit 1 and "content/&lt;file&gt;:&lt;line&gt;: &lt;problem&gt;" on stderr.
/// </summary>
public class ValidateContentTests
{
    [Fact]
    public async Task ValidateContent_RepositoryContent_ExitZeroContentOk()
    {
        var run = await CliRunner.RunAsync(["validate-content", "--path", Repository.ContentPath]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal($"Content OK: {Repository.ContentPath}\n", run.Output);
    }

    [Fact]
    public async Task ValidateContent_NoPath_ChecksContentShippedWithTheBinary()
    {
        var run = await CliRunner.RunAsync(["validate-content"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.StartsWith("Content OK: ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContent_ChoiceNextToMissingStep_ReportsChoiceLine()
    {
        using var content = new ContentCopy();
        var line = content.LineOf("scenarios/missing-tokens.yaml", "- label: missing-tokens.still-missing");
        content.Replace("scenarios/missing-tokens.yaml",
            "      - label: missing-tokens.still-missing\n        next: check-tx\n",
            "      - label: missing-tokens.still-missing\n        next: chek-tx\n");

        var run = await ValidateAsync(content);

        Assert.Equal(
            $"content/scenarios/missing-tokens.yaml:{line}: choice leads to unknown step 'chek-tx'\n1 error(s) in {content.Root}\n",
            run.Error);
    }

    [Fact]
    public async Task ValidateContent_StepNobodyLeadsTo_ReportedUnreachable()
    {
        using var content = new ContentCopy();
        var line = content.Replace("scenarios/missing-tokens.yaml",
            "  - id: find-tx\n",
            "  - id: forgotten\n    text: missing-tokens.find-tx\n\n  - id: find-tx\n");

        var run = await ValidateAsync(content);

        Assert.Equal(
            $"content/scenarios/missing-tokens.yaml:{line}: step 'forgotten' cannot be reached from 'which-network'\n1 error(s) in {content.Root}\n",
            run.Error);
    }

    [Fact]
    public async Task ValidateContent_TextDeletedFromRu_ReportedWhereUsedAndWhereDefined()
    {
        using var content = new ContentCopy();
        var usedAt = content.LineOf("scenarios/missing-tokens.yaml", "label: missing-tokens.now-visible");
        var englishAt = content.LineOf("locales/en.yaml", "  now-visible: ");
        content.Replace("locales/ru.yaml", "  now-visible: Теперь вижу\n", "");

        var run = await ValidateAsync(content);

        Assert.Contains($"content/scenarios/missing-tokens.yaml:{usedAt}: text 'missing-tokens.now-visible' is missing in content/locales/ru.yaml\n",
            run.Error, StringComparison.Ordinal);
        Assert.Contains($"content/locales/en.yaml:{englishAt}: text 'missing-tokens.now-visible' has no translation in content/locales/ru.yaml\n",
            run.Error, StringComparison.Ordinal);
        Assert.EndsWith($"2 error(s) in {content.Root}\n", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContent_UnknownPlaceholder_ReportedWithTextKey()
    {
        using var content = new ContentCopy();
        var line = content.Replace("locales/en.yaml",
            "  which-network: Which network were the tokens sent on?\n",
            "  which-network: Which network were the {foo} tokens sent on?\n");

        var run = await ValidateAsync(content);

        Assert.StartsWith(
            $"content/locales/en.yaml:{line}: text 'missing-tokens.which-network' uses unknown placeholder {{foo}} (known: ",
            run.Error, StringComparison.Ordinal);
        Assert.EndsWith($"1 error(s) in {content.Root}\n", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContent_BadIndentation_InvalidYamlAtThatLine()
    {
        using var content = new ContentCopy();
        var line = content.Replace("scenarios/cross-chain-transfer.yaml",
            "  - id: contract-advice\n    text: cross-chain-transfer.contract-advice\n",
            "  - id: contract-advice\n   text: cross-chain-transfer.contract-advice\n",
            marker: "   text: cross-chain-transfer.contract-advice");

        var run = await ValidateAsync(content);

        Assert.Contains($"content/scenarios/cross-chain-transfer.yaml:{line}: invalid YAML: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContent_UnclosedQuote_InvalidYamlAtThatLine()
    {
        using var content = new ContentCopy();
        var line = content.Replace("locales/en.yaml",
            "  other-network: Which other network?\n",
            "  other-network: \"Which other network?\n");

        var run = await ValidateAsync(content);

        Assert.Contains($"content/locales/en.yaml:{line}: invalid YAML: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContent_UnclosedFlowMapping_InvalidYamlWithFileAndLine()
    {
        using var content = new ContentCopy();
        var line = content.Replace("scenarios/exchange-withdrawal.yaml",
            "set: { direction: to-wallet, recipient: own-wallet }",
            "set: { direction: to-wallet, recipient: own-wallet");

        var run = await ValidateAsync(content);

        Assert.Contains("content/scenarios/exchange-withdrawal.yaml:", run.Error, StringComparison.Ordinal);
        Assert.Contains(": invalid YAML: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Error, StringComparison.Ordinal);
        var reported = int.Parse(run.Error.Split("content/scenarios/exchange-withdrawal.yaml:")[1].Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reported, line, line + 2);
    }

    [Fact]
    public async Task ValidateContent_MisspeltKeyNxt_ReportedAsUnknownKeyAtItsLine()
    {
        using var content = new ContentCopy();
        var line = content.Replace("scenarios/missing-tokens.yaml",
            "      - label: missing-tokens.still-missing\n        next: check-tx\n",
            "      - label: missing-tokens.still-missing\n        nxt: check-tx\n",
            marker: "nxt: check-tx");

        var run = await ValidateAsync(content);

        Assert.Contains($"content/scenarios/missing-tokens.yaml:{line}: unknown key 'nxt' (allowed: label, next, scenario, at, set)\n",
            run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContent_NoPathButContentPathConfigured_ChecksConfiguredFolder()
    {
        using var content = new ContentCopy();
        var line = content.Replace("scenarios/missing-tokens.yaml", "        next: find-tx\n", "        next: find-hash\n");

        var run = await CliRunner.RunAsync(["validate-content"], configuration: CliRunner.Setting("Content:Path", content.Root));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"content/scenarios/missing-tokens.yaml:{line - 1}: choice leads to unknown step 'find-hash'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContent_StepCanShowOnePageTwice_ReportedAtTheSecondLink()
    {
        using var content = new ContentCopy();
        var line = content.Replace("scenarios/cross-chain-transfer.yaml",
            "      - bsc-route\n      - metamask-add-network\n",
            "      - bsc-route\n      - bnb-chain-bridge\n      - metamask-add-network\n",
            marker: "      - bnb-chain-bridge");

        var run = await ValidateAsync(content);

        Assert.Equal(
            $"content/scenarios/cross-chain-transfer.yaml:{line}: step 'bridge-advice' can show two buttons that open https://www.bnbchain.org/en/bnb-chain-bridge (links 'bsc-route' and 'bnb-chain-bridge')\n1 error(s) in {content.Root}\n",
            run.Error);
    }

    [Fact]
    public async Task ValidateContent_L2BridgeAddedAsALink_ReportedAsNotABscRoute()
    {
        using var content = new ContentCopy();
        var line = content.Replace("links.yaml",
            "  bnb-chain-bridge:\n",
            "  arbitrum-bridge:\n    label: links.bnb-chain-bridge\n    url: https://bridge.arbitrum.io/\n  bnb-chain-bridge:\n",
            marker: "  arbitrum-bridge:");

        var run = await ValidateAsync(content);

        Assert.Equal(
            $"content/links.yaml:{line + 1}: link 'arbitrum-bridge' opens Arbitrum One's own bridge, which connects it to Ethereum, not to BNB Smart Chain; " +
            $"the bot's advice is about BSC, so it must not offer that bridge\n1 error(s) in {content.Root}\n",
            run.Error);
    }

    [Fact]
    public async Task ValidateContent_RussianPluralWithoutFewForm_ReportedWithTheMissingForm()
    {
        using var content = new ContentCopy();
        content.Replace("locales/ru.yaml", "    few: \"{count} подтверждения\"\n", "");
        var line = content.LineOf("locales/ru.yaml", "    one: \"{count} подтверждение\"");

        var run = await ValidateAsync(content);

        Assert.Equal(
            $"content/locales/ru.yaml:{line}: text 'count.confirmations' lacks the plural form(s) few that ru needs\n1 error(s) in {content.Root}\n",
            run.Error);
    }

    [Fact]
    public async Task ValidateContent_NetworkWithoutDocumentedManualRpc_Reported()
    {
        using var content = new ContentCopy();
        var line = content.LineOf("networks.yaml", "  - key: polygon");
        content.Replace("networks.yaml", "    manual-rpc-source: https://docs.polygon.technology/pos/reference/rpc-endpoints/\n", "");

        var run = await ValidateAsync(content);

        Assert.StartsWith($"content/networks.yaml:{line}: active network 'polygon' needs 'manual-rpc' and 'manual-rpc-source'", run.Error, StringComparison.Ordinal);
        Assert.EndsWith($"1 error(s) in {content.Root}\n", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContent_NameOfTwoNetworks_Reported()
    {
        using var content = new ContentCopy();
        var line = content.LineOf("networks.yaml", "  - key: linea");
        content.Replace("networks.yaml", "    aliases: [linea, lineascan, линеа, линея]\n", "    aliases: [linea, lineascan, линеа, линея, BSC]\n");

        var run = await ValidateAsync(content);

        Assert.Equal($"content/networks.yaml:{line}: name 'bsc' of network 'linea' is a name of 'bsc' too; list it under 'ambiguous' in triage.yaml instead\n1 error(s) in {content.Root}\n", run.Error);
    }

    [Fact]
    public async Task ValidateContent_NameInContextWithoutPrepositions_Reported()
    {
        using var content = new ContentCopy();
        var line = content.LineOf("networks.yaml", "  - key: base");
        content.Replace("triage.yaml", "  prepositions: [", "  prepositions-unused: [");

        var run = await ValidateAsync(content);

        Assert.Contains($"content/networks.yaml:{line}: network 'base' has names after a preposition, but triage.yaml 'network-words' has no prepositions\n", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("triage")]
    public async Task StartUp_BrokenContent_StopsWithFileAndLineExitOne(string command)
    {
        using var content = new ContentCopy();
        using var temp = new TempDirectory();
        var line = content.LineOf("scenarios/missing-tokens.yaml", "- label: missing-tokens.still-missing");
        content.Replace("scenarios/missing-tokens.yaml",
            "      - label: missing-tokens.still-missing\n        next: check-tx\n",
            "      - label: missing-tokens.still-missing\n        next: chek-tx\n");
        string[] args = command == "chat" ? ["chat", "--user", "broken-content"] : ["triage", "--json", "hello"];

        var run = await CliRunner.RunAsync(args, "menu\n",
            [new("Content:Path", content.Root), new("Storage:SqlitePath", temp.File("chat.db"))]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith("SupportBot cannot start: ", run.Error, StringComparison.Ordinal);
        Assert.Contains($"content/scenarios/missing-tokens.yaml:{line}: choice leads to unknown step 'chek-tx'", run.Error, StringComparison.Ordinal);
    }

    private static async Task<CliRun> ValidateAsync(ContentCopy content)
    {
        var run = await CliRunner.RunAsync(["validate-content", "--path", content.Root]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        return run;
    }
}
