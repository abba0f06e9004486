using SupportBot.Core.Scams;

namespace SupportBot.Core.Tests.Scams;

/// <summary>The one table the link, name and token checks share: what a reader takes a letter for.</summary>
public sealed class LookAlikeLettersTests
{
    [Theory]
    [InlineData('а', 'a')] // Cyrillic
    [InlineData('А', 'a')]
    [InlineData('Ѕ', 's')]
    [InlineData('ӏ', 'l')] // palochka: "аррӏе" reads "apple"
    [InlineData('μ', 'u')] // small mu looks like u…
    [InlineData('Μ', 'm')] // …its capital like M
    [InlineData('η', 'n')]
    [InlineData('Η', 'h')]
    [InlineData('é', 'e')]
    [InlineData('Á', 'a')]
    public void TryLatin_LetterThatPassesForLatin_TheLetterItPassesFor(char letter, char latin)
    {
        Assert.True(LookAlikeLetters.TryLatin(letter, out var read));
        Assert.Equal(latin, read);
    }

    [Theory]
    [InlineData('a')]
    [InlineData('Z')]
    [InlineData('7')]
    [InlineData('ж')] // Cyrillic, but like no Latin letter
    [InlineData('₮')] // the token check's own extra
    public void TryLatin_PlainOrUnlikeAnyLatin_NotALookAlike(char letter) => Assert.False(LookAlikeLetters.TryLatin(letter, out _));

    [Fact]
    public void TryUnaccent_KeepsTheCase_AndLeavesOtherScriptsAlone()
    {
        Assert.True(LookAlikeLetters.TryUnaccent('É', out var capital));
        Assert.Equal('E', capital);
        Assert.False(LookAlikeLetters.TryUnaccent('а', out _));
    }
}
