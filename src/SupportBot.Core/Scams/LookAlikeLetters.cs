using System.Collections.Frozen;

namespace SupportBot.Core.Scams;

/// <summary>
/// The one table of letters that pass for Latin ones, shared by the link, name and token checks: accented Latin (by
/// its Unicode decomposition — done by hand, as the bot runs with invariant globalization, where normalisation does
/// nothing), and Cyrillic and Greek letters by shape. Each check layers its own extras on top (leetspeak for names,
/// <c>₮</c> for tokens).
/// </summary>
internal static class LookAlikeLetters
{
    /// <summary>The plain Latin letter an accented one stands for, in the same case: <c>é</c> → <c>e</c>, <c>Á</c> → <c>A</c>.</summary>
    public static bool TryUnaccent(char c, out char latin)
    {
        var lower = char.ToLowerInvariant(c);
        if (!Accented.TryGetValue(lower, out latin))
            return false;
        if (lower != c)
            latin = char.ToUpperInvariant(latin);
        return true;
    }

    /// <summary>The lower-case Latin letter a Cyrillic or Greek letter looks like: <c>а</c> → <c>a</c>, <c>Ѕ</c> → <c>s</c>, <c>Μ</c> → <c>m</c>.</summary>
    public static bool TryOtherScript(char c, out char latin) =>
        OtherScripts.TryGetValue(c, out latin) || (char.ToLowerInvariant(c) is var lower && lower != c && OtherScripts.TryGetValue(lower, out latin));

    /// <summary>Either of the above, lower-case: what a reader would take the letter for.</summary>
    public static bool TryLatin(char c, out char latin)
    {
        if (TryOtherScript(c, out latin))
            return true;
        if (!TryUnaccent(c, out latin))
            return false;
        latin = char.ToLowerInvariant(latin);
        return true;
    }

    private static readonly FrozenDictionary<char, char> Accented = Table(
    [
        ('a', "àáâãäåāăąǎǟǡǻȁȃȧḁạảấầẩẫậắằẳẵặ"), ('b', "ḃḅḇ"), ('c', "çćĉċčḉ"), ('d', "ďḋḍḏḑḓđ"),
        ('e', "èéêëēĕėęěȅȇȩḕḗḙḛḝẹẻẽếềểễệ"), ('f', "ḟ"), ('g', "ĝğġģǧǵḡ"), ('h', "ĥȟḣḥḧḩḫẖħ"),
        ('i', "ìíîïĩīĭįǐȉȋḭḯỉịı"), ('j', "ĵǰ"), ('k', "ķǩḱḳḵ"), ('l', "ĺļľḷḹḻḽłŀ"), ('m', "ḿṁṃ"),
        ('n', "ñńņňǹṅṇṉṋŉ"), ('o', "òóôõöōŏőơǒǫǭȍȏȫȭȯȱṍṏṑṓọỏốồổỗộớờởỡợø"), ('p', "ṕṗ"), ('r', "ŕŗřȑȓṙṛṝṟ"),
        ('s', "śŝşšșṡṣṥṧṩ"), ('t', "ţťțṫṭṯṱẗŧ"), ('u', "ùúûüũūŭůűųưǔǖǘǚǜȕȗṳṵṷṹṻụủứừửữự"), ('v', "ṽṿ"),
        ('w', "ŵẁẃẅẇẉẘ"), ('x', "ẋẍ"), ('y', "ýÿŷȳẏẙỳỵỷỹ"), ('z', "źżžẑẓẕ"),
    ]);

    // Lower-case letters by shape; capitals are looked up through their lower case, except the Greek ones whose
    // capital looks like another Latin letter than their small form (Μ is M, μ is u; Η is H, η is n).
    private static readonly FrozenDictionary<char, char> OtherScripts = Table(
    [
        ('a', "аαɑ"), ('b', "вьβƅ"), ('c', "сϲς"), ('d', "ԁ"), ('e', "еёεє"), ('g', "ɡ"), ('h', "һнђΗ"), ('i', "іїιɩ"),
        ('j', "ј"), ('k', "кκ"), ('l', "ɫӏ"), ('m', "мΜ"), ('n', "пηɴΝ"), ('o', "оοөσ"), ('p', "рρ"), ('q', "ԛ"), ('r', "гɾ"),
        ('s', "ѕ"), ('t', "тτ"), ('u', "υμ"), ('v', "νѵ"), ('w', "ԝωѡ"), ('x', "хχ"), ('y', "уүγ"), ('z', "ᴢΖ"),
    ]);

    private static FrozenDictionary<char, char> Table((char Latin, string LookAlikes)[] groups) =>
        groups.SelectMany(g => g.LookAlikes.Select(c => (c, g.Latin))).ToFrozenDictionary(p => p.c, p => p.Latin);
}
