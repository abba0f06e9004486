using SupportBot.Core.Scams;
using SupportBot.Core.Tests.Support;

namespace SupportBot.Core.Tests.Scams;

/// <summary>
/// The wording of fake support is found in English, Russian and Russian typed in Latin letters, through typos and
/// spacing tricks; the way people ask for help — including people asking whether a DM was a scam — is not.
/// </summary>
public sealed class FakeSupportDetectorTests
{
    private static readonly FakeSupportDetector Detector = new(TestContent.Catalog.ScamPeople);

    [Theory]
    [InlineData("DM me", "private-contact")]
    [InlineData("D M me for help", "private-contact")]
    [InlineData("d.m me", "private-contact")]
    [InlineData("dm for help", "private-contact")]
    [InlineData("DM for support", "private-contact")]
    [InlineData("Having issues? Dm me i will guide you", "private-contact")]
    [InlineData("send me a dm and I'll sort it out", "private-contact")]
    [InlineData("kindly inbox me for assistance", "private-contact")]
    [InlineData("check your DM bro", "private-contact")]
    [InlineData("I can help you in DM", "private-contact")]
    [InlineData("write me privately, I'll fix it", "private-contact")]
    [InlineData("pm me asap", "private-contact")]
    [InlineData("DМ me", "private-contact")] // Cyrillic М
    [InlineData("пиши в лс", "private-contact")]
    [InlineData("напиши мне в личку помогу", "private-contact")]
    [InlineData("Пишите в личные сообщения, подскажу", "private-contact")]
    [InlineData("в лс помогу", "private-contact")]
    [InlineData("помогу, стучи в лс", "private-contact")]
    [InlineData("pishi v ls", "private-contact")]
    [InlineData("napishi mne v lichku pomogu", "private-contact")]
    [InlineData("contact @metamask_support_help", "contact-handle")]
    [InlineData("reach out to admin @john_help_desk", "contact-handle")]
    [InlineData("Please contact our support team @mm_care", "contact-handle")]
    [InlineData("@fixer_pro will help you", "contact-handle")]
    [InlineData("message t.me/binance_helpdesk_official", "contact-handle")]
    [InlineData("напишите @metamask_podderzhka", "contact-handle")]
    [InlineData("@crypto_fixer поможет", "contact-handle")]
    [InlineData("обратитесь к админу @vasya_help", "contact-handle")]
    [InlineData("validate your wallet here", "wallet-fix")]
    [InlineData("You need to sync your wallet", "wallet-fix")]
    [InlineData("rectify your wallet to get the tokens", "wallet-fix")]
    [InlineData("connect your wallet to fix the issue", "wallet-fix")]
    [InlineData("Just connect ur wallet and it will resolve", "wallet-fix")]
    [InlineData("go to wallet connect dot org", "wallet-fix")]
    [InlineData("use the rectification dapp", "wallet-fix")]
    [InlineData("v a l i d a t e your wallet", "wallet-fix")]
    [InlineData("синхронизируйте кошелёк", "wallet-fix")]
    [InlineData("пройдите валидацию кошелька", "wallet-fix")]
    [InlineData("подключите свой кошелек чтобы исправить ошибку", "wallet-fix")]
    [InlineData("validiruyte koshelek", "wallet-fix")]
    [InlineData("How can I help you? DM me", "private-contact")]
    [InlineData("Hello sir, having trouble? PM me now", "private-contact")]
    [InlineData("If you need help you can dm me", "private-contact")]
    [InlineData("Admin here. Please dm me your issue", "private-contact")]
    [InlineData("привет, есть проблема? пиши мне в личку", "private-contact")]
    [InlineData("Your wallet needs to be validated, go to wallet-connect.org", "wallet-fix")]
    [InlineData("Kindly verify your wallet to restore the tokens", "wallet-fix")]
    [InlineData("Please write to me in private, I'm from the support team", "private-contact")]
    [InlineData("I will help you, check your DM", "private-contact")]
    [InlineData("рад помочь, пиши в личку", "private-contact")]
    [InlineData("обращайтесь, всегда помогу в лс", "private-contact")]
    public void Detect_FakeSupportWording_Matches(string text, string kind)
    {
        var match = Detector.Detect(text);

        Assert.NotNull(match);
        Assert.Equal(kind, match.Kind);
    }

    [Theory]
    [InlineData("how do I connect my wallet to BSC?")]
    [InlineData("I DMed support and they asked for my phrase, is that a scam?")]
    [InlineData("can someone help me?")]
    [InlineData("someone DMed me saying they are support, is that legit?")]
    [InlineData("My wallet doesn't sync with the BSC network")]
    [InlineData("I withdrew USDT from Binance but it doesn't show in MetaMask")]
    [InlineData("where is the support?")]
    [InlineData("please help me, my tokens disappeared")]
    [InlineData("how to add BNB smart chain to metamask")]
    [InlineData("I connected my wallet to pancakeswap and now my balance is zero")]
    [InlineData("is the admin here? I need help")]
    [InlineData("thanks, it worked!")]
    [InlineData("the dm from 'support' said to validate my wallet, should I?")]
    [InlineData("don't DM anyone who offers help")]
    [InlineData("I got a message to connect wallet on some site")]
    [InlineData("@alice_team thanks for the help")]
    [InlineData("how do I import my wallet with the phrase on a new phone?")]
    [InlineData("мне написали в личку и попросили сид фразу, это скам?")]
    [InlineData("как подключить кошелек к BSC?")]
    [InlineData("помогите пожалуйста, не пришли токены")]
    [InlineData("где поддержка?")]
    [InlineData("мне пишет в лс какой-то админ, это нормально?")]
    [InlineData("кто может помочь?")]
    [InlineData("кошелек не синхронизируется")]
    [InlineData("вывел с бинанса usdt, а в метамаске ничего нет")]
    [InlineData("спасибо, помогло")]
    [InlineData("не пиши никому в лс")]
    [InlineData("kak podkluchit koshelek k bsc?")]
    [InlineData("mne napisali v lichku, eto skam?")]
    [InlineData("pomogite pozhaluista")]
    [InlineData("Can an admin DM me? I have a problem with my withdrawal")]
    [InlineData("admin pls dm me")]
    [InlineData("where do I DM for support?")]
    [InlineData("should I dm support for help")]
    [InlineData("please don't DM me, I only trust this chat")]
    [InlineData("verify your wallet address on bscscan before sending")]
    [InlineData("check your wallet balance on the explorer")]
    [InlineData("админ, напиши мне пожалуйста")]
    [InlineData("кто-нибудь напишите мне, не могу вывести")]
    [InlineData("никому не пишите в лс, это мошенники")]
    [InlineData("reconnect your wallet to fix the display")]
    [InlineData("ask @john, he had the same problem")]
    [InlineData("write to support@binance.com")]
    [InlineData("DM me if you find out, I have the same issue")]
    [InlineData("message me if you find a fix")]
    [InlineData("you can contact binance support via their website")]
    [InlineData("I'll dm you the tx hash")]
    [InlineData("can I send you a dm with the screenshot?")]
    [InlineData("my friend told me to validate my wallet, should I?")]
    [InlineData("I need to sync my ledger with metamask")]
    [InlineData("напиши в поддержку бинанса через приложение")]
    [InlineData("подключи кошелек к сети bsc")]
    [InlineData("пиши сюда, в чат")]
    [InlineData("синхронизация кошелька зависла")]
    [InlineData("go to support.metamask.io for help")]
    [InlineData("connect your wallet to pancakeswap first")]
    [InlineData("you need to verify your account on Binance before withdrawing")]
    [InlineData("unlock your metamask with the password first")]
    [InlineData("import your phrase into MetaMask on the new phone to restore your wallet")]
    [InlineData("введите свою сид-фразу только в само приложение MetaMask, чтобы восстановить кошелек")]
    public void Detect_OrdinaryMessage_NoMatch(string text)
    {
        Assert.Null(Detector.Detect(text));
    }

    [Fact]
    public void Detect_PointsToOwnStaff_NoMatch()
    {
        Assert.Null(Detector.Detect("contact @mm_support_alice for help", ["@mm_support_alice"]));
        Assert.NotNull(Detector.Detect("contact @mm_support_alice for help"));
    }

    [Fact]
    public void Detect_Excerpt_IsRedacted()
    {
        const string phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
        var match = Detector.Detect($"dm me now {phrase}");

        Assert.NotNull(match);
        Assert.DoesNotContain("sausage", match.Excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_NamesTheWords()
    {
        var match = Detector.Detect("напиши мне в личку помогу")!;

        var reason = FakeSupportDetector.Reason(TestContent.Catalog, "en", match);

        Assert.Contains("private", reason, StringComparison.Ordinal);
        Assert.Contains("напиши", reason, StringComparison.Ordinal);
    }
}
