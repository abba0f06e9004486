using SupportBot.Core.Lookup;

namespace SupportBot.Core.Tests.Lookup;

public sealed class LookupQueryTests
{
    [Theory]
    [InlineData("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060", LookupQueryKind.Transaction)]
    [InlineData("tx: https://bscscan.com/tx/0x5C504ED432CB51138BCF09AA5E8A410DD4A1E204EF84BFED1BE16DFBA1B22060", LookupQueryKind.Transaction)]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", LookupQueryKind.Address)]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", LookupQueryKind.InvalidChecksum)]
    [InlineData("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b2206", LookupQueryKind.WrongLength)]
    [InlineData("0x5c504ed4", LookupQueryKind.WrongLength)]
    [InlineData("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060aa", LookupQueryKind.WrongLength)]
    [InlineData("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b2206g", LookupQueryKind.NotHex)]
    [InlineData("5C504ED432CB51138BCF09AA5E8A410DD4A1E204EF84BFED1BE16DFBA1B22060", LookupQueryKind.Bep2Hash)]
    [InlineData("bnb1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5axnj8j", LookupQueryKind.Bep2Address)]
    [InlineData("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", LookupQueryKind.Tron)]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", LookupQueryKind.Bitcoin)]
    [InlineData("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", LookupQueryKind.Solana)]
    [InlineData("where are my tokens", LookupQueryKind.Nothing)]
    [InlineData("", LookupQueryKind.Nothing)]
    [InlineData("pk: 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060", LookupQueryKind.PrivateKey)]
    [InlineData("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 my private key", LookupQueryKind.PrivateKey)]
    [InlineData("legal winner thank year wave sausage worth useful legal winner thank yellow", LookupQueryKind.RecoveryPhrase)]
    public void Parse_Input_Classified(string text, LookupQueryKind kind)
    {
        var query = LookupQuery.Parse(text);

        Assert.Equal(kind, query.Kind);
        Assert.Equal(kind is LookupQueryKind.Transaction or LookupQueryKind.Address, query.ProblemTextKey is null);
    }

    [Fact]
    public void Parse_Transaction_NormalisedToLowercase() =>
        Assert.Equal("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060",
            LookupQuery.Parse("0x5C504ED432CB51138BCF09AA5E8A410DD4A1E204EF84BFED1BE16DFBA1B22060").Value);
}
