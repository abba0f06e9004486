using SupportBot.Core.Content;
using SupportBot.Core.Intents;
using SupportBot.Core.Tests.Support;
using SupportBot.Core.Triage;

namespace SupportBot.Core.Tests.Intents;

/// <summary>The intent model itself: learned from examples, cached safely, tolerant of typos, fast to ask.</summary>
public sealed class IntentModelTests : IDisposable
{
    private static readonly IntentExample[] Small =
    [
        new("bridge-stuck", "my bridge transfer is stuck for hours"),
        new("bridge-stuck", "мост завис, токены не пришли на другую сторону"),
        new("bridge-stuck", "bridged usdt to arbitrum 3 hours ago still pending"),
        new("greeting", "hello there"),
        new("greeting", "привет всем"),
        new("greeting", "thanks a lot, bye"),
        new("withdrawal-network", "which network do i pick to withdraw usdt from binance"),
        new("withdrawal-network", "какую сеть выбрать для вывода с бинанса на метамаск"),
        new("withdrawal-network", "withdraw bnb to metamask bep20 or erc20"),
    ];

    private readonly string cache = Path.Combine(Path.GetTempPath(), "supportbot-model-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void Train_SameExamplesTwice_SameModel()
    {
        var first = IntentTrainer.Train(Small);
        var second = IntentTrainer.Train(Small);

        foreach (var text in new[] { "bridge pending", "which network", "hi" })
        {
            Assert.Equal(first.Predict(text), second.Predict(text));
        }
    }

    [Fact]
    public void Predict_ConfidencesSumToOneBestFirst()
    {
        var ranked = IntentTrainer.Train(Small).Predict("my bridge is stuck");

        Assert.Equal("bridge-stuck", ranked[0].Intent);
        Assert.Equal(1f, ranked.Sum(r => r.Confidence), 3);
        Assert.True(ranked.Zip(ranked.Skip(1)).All(p => p.First.Confidence >= p.Second.Confidence));
    }

    [Fact]
    public void SaveThenLoad_PredictsExactlyAsTheTrainedModel()
    {
        var model = IntentTrainer.Train(Small);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;

        var loaded = IntentModel.Load(stream);

        Assert.Equal(model.Intents, loaded.Intents);
        Assert.Equal(model.Predict("брідж завис"), loaded.Predict("брідж завис"));
        Assert.Equal(model.Predict("witdraw from binanse"), loaded.Predict("witdraw from binanse"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(1000)]
    public void Load_CutShortOrForeignFile_InvalidData(int keep)
    {
        using var whole = new MemoryStream();
        IntentTrainer.Train(Small).Save(whole);
        var bytes = whole.ToArray();

        Assert.Throws<InvalidDataException>(() => IntentModel.Load(new MemoryStream(bytes[..Math.Min(keep, bytes.Length - 1)])));
        Assert.Throws<InvalidDataException>(() => IntentModel.Load(new MemoryStream("not a model at all, just text"u8.ToArray())));
    }

    [Fact]
    public void Cache_DamagedFile_IgnoredRetrainedAndReplaced()
    {
        var intents = Examples(("greeting", "hello there friend"), ("human", "i want a real person"), ("greeting", "hi all"), ("human", "operator please"));
        var hash = IntentModelCache.Hash(intents, "test");
        Directory.CreateDirectory(cache);
        var file = Path.Combine(cache, $"intent-model-{hash}.bin");
        File.WriteAllText(file, "damaged");

        var model = IntentModelCache.GetOrTrain(intents, IntentFeatures.Words, "test", cache);

        Assert.NotNull(model);
        Assert.Equal("human", model.Predict("a real person please")[0].Intent);
        using var reread = File.OpenRead(file);
        Assert.Equal(model.Intents, IntentModel.Load(reread).Intents);
    }

    [Fact]
    public void Cache_ExamplesOrWordsChanged_AnotherModel()
    {
        var before = Examples(("greeting", "hello"), ("human", "operator"));
        var after = Examples(("greeting", "hello"), ("human", "operator please"));

        Assert.NotEqual(IntentModelCache.Hash(before, "w1"), IntentModelCache.Hash(after, "w1"));
        Assert.NotEqual(IntentModelCache.Hash(before, "w1"), IntentModelCache.Hash(before, "w2"));
        Assert.Null(IntentModelCache.GetOrTrain(Examples(("greeting", "hello")), IntentFeatures.Words, "one intent", cache));
    }

    [Theory]
    [InlineData("witdraw", "withdraw")]
    [InlineData("binanse", "binance")]
    [InlineData("metamsk", "metamask")]
    [InlineData("withdraw", "withdraw")]
    [InlineData("xyzzyplugh", "xyzzyplugh")]
    [InlineData("bnb", "bnb")]
    public void SpellingCorrector_UnknownWord_ClosestKnownWithinTolerance(string typed, string expected)
    {
        var corrector = new SpellingCorrector(new[] { "withdraw", "binance", "metamask", "bridge", "network" }.Select(TextNormalizer.Normalize));

        Assert.Equal(TextNormalizer.Normalize(expected), corrector.Correct(TextNormalizer.Normalize(typed)));
    }

    [Fact]
    public void Triage_TypoLadenQuestion_ReadAsTheQuestionWithoutTypos()
    {
        var triage = new TriageService(TestContent.Catalog);

        var clean = triage.Analyze("how do I withdraw from binance to metamask");
        var typed = triage.Analyze("how do i witdraw from binanse to metamsk");

        Assert.Equal(clean.Intent, typed.Intent);
        Assert.Equal("exchange-withdrawal", typed.Scenario);
    }

    [Theory]
    [InlineData("Binance Smart Chain usdt not showing in metamask", "missing-tokens")]
    [InlineData("на бинанс смарт чейн не вижу юсдт", "missing-tokens")]
    public void Triage_BinanceSmartChain_ReadAsTheNetworkNotTheExchange(string text, string scenario)
    {
        var result = new TriageService(TestContent.Catalog).Analyze(text);

        Assert.Equal(scenario, result.Scenario);
        Assert.Contains("bsc", result.Networks);
    }

    private static Dictionary<string, IntentExamples> Examples(params (string Intent, string Text)[] examples) =>
        examples.GroupBy(e => e.Intent).ToDictionary(g => g.Key, g => new IntentExamples(g.Key,
            new Dictionary<string, IReadOnlyList<string>> { ["en"] = [.. g.Select(e => e.Text)] }, new SourceRef("test", 1)));
}
