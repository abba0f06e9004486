using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Content;

/// <summary>Counted words in the forms each language needs: "1 confirmation", "3 подтверждения", "5 подтверждений".</summary>
public sealed class PluralRulesTests
{
    [Theory]
    [InlineData(1, PluralCategory.One)]
    [InlineData(2, PluralCategory.Other)]
    [InlineData(5, PluralCategory.Other)]
    [InlineData(11, PluralCategory.Other)]
    [InlineData(21, PluralCategory.Other)]
    [InlineData(22, PluralCategory.Other)]
    [InlineData(25, PluralCategory.Other)]
    [InlineData(101, PluralCategory.Other)]
    [InlineData(111, PluralCategory.Other)]
    [InlineData(0, PluralCategory.Other)]
    public void Category_English_OneOnlyForOne(long n, PluralCategory expected) =>
        Assert.Equal(expected, PluralRules.Category("en", n));

    [Theory]
    [InlineData(1, PluralCategory.One)]
    [InlineData(2, PluralCategory.Few)]
    [InlineData(5, PluralCategory.Many)]
    [InlineData(11, PluralCategory.Many)]
    [InlineData(12, PluralCategory.Many)]
    [InlineData(14, PluralCategory.Many)]
    [InlineData(21, PluralCategory.One)]
    [InlineData(22, PluralCategory.Few)]
    [InlineData(24, PluralCategory.Few)]
    [InlineData(25, PluralCategory.Many)]
    [InlineData(101, PluralCategory.One)]
    [InlineData(111, PluralCategory.Many)]
    [InlineData(112, PluralCategory.Many)]
    [InlineData(0, PluralCategory.Many)]
    [InlineData(-3, PluralCategory.Few)]
    public void Category_Russian_OneFewManyByLastDigits(long n, PluralCategory expected) =>
        Assert.Equal(expected, PluralRules.Category("ru", n));

    [Theory]
    [InlineData("en", 1, "1 confirmation")]
    [InlineData("en", 2, "2 confirmations")]
    [InlineData("en", 5, "5 confirmations")]
    [InlineData("en", 11, "11 confirmations")]
    [InlineData("en", 21, "21 confirmations")]
    [InlineData("en", 22, "22 confirmations")]
    [InlineData("en", 25, "25 confirmations")]
    [InlineData("en", 101, "101 confirmations")]
    [InlineData("en", 111, "111 confirmations")]
    [InlineData("ru", 1, "1 подтверждение")]
    [InlineData("ru", 2, "2 подтверждения")]
    [InlineData("ru", 3, "3 подтверждения")]
    [InlineData("ru", 5, "5 подтверждений")]
    [InlineData("ru", 11, "11 подтверждений")]
    [InlineData("ru", 21, "21 подтверждение")]
    [InlineData("ru", 22, "22 подтверждения")]
    [InlineData("ru", 25, "25 подтверждений")]
    [InlineData("ru", 101, "101 подтверждение")]
    [InlineData("ru", 111, "111 подтверждений")]
    public void Fill_CountedPlaceholder_UsesTheLocalesForm(string language, long n, string expected)
    {
        var filled = Placeholders.Fill("({confirmations})", TestContent.Catalog, language, new Dictionary<string, string>(),
            new Dictionary<string, string> { ["confirmations"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal($"({expected})", filled);
    }

    [Theory]
    [InlineData("en", "network_count", 1, "1 network")]
    [InlineData("en", "network_count", 9, "9 networks")]
    [InlineData("ru", "network_count", 1, "1 сеть")]
    [InlineData("ru", "network_count", 3, "3 сети")]
    [InlineData("ru", "network_count", 9, "9 сетей")]
    [InlineData("en", "tx_count", 1, "1 transaction sent")]
    [InlineData("ru", "tx_count", 1, "1 исходящая транзакция")]
    [InlineData("ru", "tx_count", 24, "24 исходящие транзакции")]
    [InlineData("ru", "tx_count", 14, "14 исходящих транзакций")]
    public void Plural_OtherCountedTexts_AgreeWithTheNumber(string language, string name, long n, string expected) =>
        Assert.Equal(expected, TestContent.Catalog.Texts.Plural(language, TextCatalog.CountPrefix + name, n));

    [Fact]
    public void Plural_OrdinaryText_IsNotPlural() =>
        Assert.Null(TestContent.Catalog.Texts.Plural("en", "menu.main", 1));
}
