using SupportBot.Core.Scams;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Scams;

/// <summary>
/// Names that copy staff, the bot, a brand or a title are found through disguises (look-alike letters, leetspeak,
/// invisible characters, separators); ordinary names are not.
/// </summary>
public sealed class ImpersonationCheckTests
{
    private static readonly ImpersonationCheck Check = new(TestContent.Catalog.ScamPeople);

    private static readonly ProtectedName[] Community =
    [
        new("Alexandra Petrova", ProtectedNameKind.Staff),
        new("sasha_mod", ProtectedNameKind.Staff),
        new("Jo", ProtectedNameKind.Staff),
        new("SupportBot", ProtectedNameKind.Bot),
        new("supportbot_helper_bot", ProtectedNameKind.Bot),
    ];

    [Theory]
    [InlineData("Alexandra Petrova")]
    [InlineData("Аlехаndrа Pеtrоvа")] // Cyrillic а, е, х, о inside Latin words
    [InlineData("Alexandra Petrovа Admin")]
    [InlineData("A.l.e.x.a.n.d.r.a_Petrova")]
    [InlineData("Alexandra Petr0va")]
    [InlineData("Alexandr Petrova")] // one letter off
    [InlineData("Alexandra\u200b Petrova")] // zero-width space
    [InlineData("Ａｌｅｘａｎｄｒａ Ｐｅｔｒｏｖａ")] // fullwidth
    public void Check_StaffNameCopied_HighStaffName(string displayName)
    {
        var match = Check.Check(displayName, "random_user_42", Community);

        Assert.NotNull(match);
        Assert.Equal(ImpersonationSeverity.High, match.Severity);
        Assert.Equal(ImpersonationKind.StaffName, match.Kind);
        Assert.Equal("Alexandra Petrova", match.Resembles);
    }

    [Theory]
    [InlineData("sasha_mod")]
    [InlineData("sasha_rnod")]
    [InlineData("sasha__mod")]
    [InlineData("Sasha.Mod")]
    public void Check_StaffUsernameCopied_High(string username)
    {
        var match = Check.Check("Sasha", username, Community);

        Assert.NotNull(match);
        Assert.Equal(ImpersonationSeverity.High, match.Severity);
        Assert.Equal(NameField.Username, match.Field);
    }

    [Theory]
    [InlineData("SupportBot")]
    [InlineData("Support Bot")]
    [InlineData("Supp0rt_B0t")]
    [InlineData("SupportBоt")] // Cyrillic о
    public void Check_BotNameCopied_HighBotName(string displayName)
    {
        var match = Check.Check(displayName, null, Community);

        Assert.NotNull(match);
        Assert.Equal(ImpersonationSeverity.High, match.Severity);
        Assert.Equal(ImpersonationKind.BotName, match.Kind);
    }

    [Theory]
    [InlineData("MetaMask Support")]
    [InlineData("Meta_Mask_Support")]
    [InlineData("metamasksupport")]
    [InlineData("MetaMaskSupport24")]
    [InlineData("M3taMask Supp0rt")]
    [InlineData("MеtаMаsk Suрроrt")] // Cyrillic е, а, р, о
    [InlineData("Binance Admin")]
    [InlineData("B1nance Help Desk")]
    [InlineData("Binanse Suport")] // typos
    [InlineData("Поддержка Binance")]
    [InlineData("Binance поддержка")]
    [InlineData("podderzhka metamask")]
    [InlineData("Метамаск Админ")]
    [InlineData("BNB Chain Moderator")]
    [InlineData("M e t a M a s k  S u p p o r t")]
    public void Check_BrandWithTitle_HighBrandWithTitle(string displayName)
    {
        var match = Check.Check(displayName, null, Community);

        Assert.NotNull(match);
        Assert.Equal(ImpersonationSeverity.High, match.Severity);
        Assert.Equal(ImpersonationKind.BrandWithTitle, match.Kind);
    }

    [Theory]
    [InlineData("Support")]
    [InlineData("Admin")]
    [InlineData("adm1n")]
    [InlineData("Admln")]
    [InlineData("Support Team")]
    [InlineData("Official MetaMask")]
    [InlineData("MetaMask")]
    [InlineData("Поддержка")]
    [InlineData("Техподдержка")]
    [InlineData("Модератор")]
    [InlineData("S\u200bupport")]
    public void Check_OnlyProtectedWords_High(string displayName)
    {
        var match = Check.Check(displayName, null, Community);

        Assert.NotNull(match);
        Assert.Equal(ImpersonationSeverity.High, match.Severity);
    }

    [Theory]
    [InlineData("Binance fan")]
    [InlineData("MetaMask user from Kyiv")]
    [InlineData("Ivan | BSC trader")]
    [InlineData("Alex admin of cats")]
    public void Check_BrandOrTitleAmongOrdinaryWords_Low(string displayName)
    {
        var match = Check.Check(displayName, null, Community);

        Assert.NotNull(match);
        Assert.Equal(ImpersonationSeverity.Low, match.Severity);
        Assert.Equal(ImpersonationKind.ProtectedWordAmongOthers, match.Kind);
    }

    [Theory]
    [InlineData("Adam", "adam_k")]
    [InlineData("Amin", "amin1990")]
    [InlineData("Supporter of BTC", null)]
    [InlineData("Sportsman", "sport_guy")]
    [InlineData("Modest Mouse", "modern_art")]
    [InlineData("Radmir", "radmir_2024")]
    [InlineData("Alexandra", "alexandra_k")] // staff's first name alone is a different person
    [InlineData("Joanna", "jo_anna")]
    [InlineData("Иван Петров", "ivan_petrov")]
    [InlineData("Максим", "maxim")]
    [InlineData("Bianca", "bianca99")]
    [InlineData("Mask Maker", "mask_maker")]
    [InlineData("Meta Fan", "meta_fan")]
    [InlineData("Ирина Модестова", "irina_m")]
    [InlineData("Bernard", "bernard")]
    [InlineData("Helper of friends", null)]
    [InlineData("The Official Team", null)]
    public void Check_OrdinaryName_NoMatch(string displayName, string? username)
    {
        Assert.Null(Check.Check(displayName, username, Community));
    }

    [Fact]
    public void Check_ShortStaffName_OnlyExactWholeName()
    {
        Assert.NotNull(Check.Check("Jo", null, Community));
        Assert.Null(Check.Check("Joe", null, Community));
        Assert.Null(Check.Check("Jo Smith", null, Community));
    }

    [Fact]
    public void Check_Disguised_SaysSo()
    {
        var plain = Check.Check("MetaMask Support", null, Community);
        var disguised = Check.Check("MеtаMаsk Support", null, Community);

        Assert.False(plain!.Disguised);
        Assert.True(disguised!.Disguised);
        Assert.Contains("metamask", disguised.Resembles, StringComparison.Ordinal);
        Assert.Contains("support", disguised.Resembles, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UsernameStrongerThanDisplayName_UsernameReported()
    {
        var match = Check.Check("Binance fan", "@binance_support", Community);

        Assert.NotNull(match);
        Assert.Equal(ImpersonationSeverity.High, match.Severity);
        Assert.Equal(NameField.Username, match.Field);
    }

    [Fact]
    public void Reason_Russian_NamesTheWords()
    {
        var match = Check.Check("MеtаMаsk Support", null, Community)!;

        var reason = ImpersonationCheck.Reason(TestContent.Catalog, "ru", match);

        Assert.Contains("MеtаMаsk Support", reason, StringComparison.Ordinal);
        Assert.Contains("metamask", reason, StringComparison.Ordinal);
        Assert.Contains(TestContent.Catalog.Texts.Get("ru", "scams-people.reason.disguised"), reason, StringComparison.Ordinal);
    }
}
