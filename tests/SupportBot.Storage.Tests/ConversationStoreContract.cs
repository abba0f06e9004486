using Microsoft.Extensions.Time.Testing;
using SupportBot.Core.Conversations;

namespace SupportBot.Storage.Tests;

/// <summary>
/// What every <see cref="IConversationStore"/> keeps; each store's test class runs it over its own store. Expiry is
/// always by the injected clock, whatever the store's own notion of time.
/// </summary>
public abstract class ConversationStoreContract
{
    protected static readonly DateTimeOffset Start = TestClock.Epoch;
    protected static readonly DateTimeOffset Later = Start.AddHours(1);
    protected static readonly CancellationToken None = CancellationToken.None;

    protected FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>A store over this test's data; each call is another instance over the same data, as another bot instance or a restart.</summary>
    protected abstract IConversationStore CreateStore();

    protected static ConversationState State(string key = "telegram/42", string step = "start") =>
        new() { Key = key, ScenarioId = "deposit", StepId = step, UpdatedAt = Start };

    [Fact]
    public async Task TrySaveAsync_ThenLoadAsync_RoundTripsAllFields()
    {
        var store = CreateStore();
        var slots = new Dictionary<string, string> { ["network"] = "tron", ["txHash"] = "0xabc", ["note"] = "ёжик ✓" };
        var state = new ConversationState
        {
            Key = "telegram/42",
            Language = "ru",
            LanguageChosen = true,
            ScenarioId = "deposit",
            StepId = "ask-hash",
            Slots = slots,
            History =
            [
                new StepFrame("menu", "start", new Dictionary<string, string>()),
                new StepFrame("deposit", "ask-network", new Dictionary<string, string> { ["network"] = "tron" }),
            ],
            UpdatedAt = Start,
        };

        Assert.True(await store.TrySaveAsync(state, 0, Later, None));
        var loaded = await store.LoadAsync("telegram/42", None);

        Assert.NotNull(loaded);
        Assert.Equal(("telegram/42", "ru", true, "deposit", "ask-hash"), (loaded.Key, loaded.Language, loaded.LanguageChosen, loaded.ScenarioId, loaded.StepId));
        Assert.Equal(slots, loaded.Slots);
        Assert.Equal(2, loaded.History.Count);
        Assert.Equal(("menu", "start"), (loaded.History[0].ScenarioId, loaded.History[0].StepId));
        Assert.Empty(loaded.History[0].Slots);
        Assert.Equal(("deposit", "ask-network"), (loaded.History[1].ScenarioId, loaded.History[1].StepId));
        Assert.Equal("tron", loaded.History[1].Slots["network"]);
        Assert.Equal(1, loaded.Version);
        Assert.Equal(Start, loaded.UpdatedAt);
    }

    [Fact]
    public async Task LoadAsync_UnknownKey_ReturnsNull() => Assert.Null(await CreateStore().LoadAsync("telegram/unknown", None));

    [Fact]
    public async Task TrySaveAsync_SuccessiveSaves_IncrementVersion()
    {
        var store = CreateStore();

        for (var expected = 0; expected < 3; expected++)
        {
            Assert.True(await store.TrySaveAsync(State(step: $"step{expected}"), expected, Later, None));
            var loaded = await store.LoadAsync("telegram/42", None);
            Assert.Equal((expected + 1L, $"step{expected}"), (loaded?.Version, loaded?.StepId));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public async Task TrySaveAsync_StaleExpectedVersion_ReturnsFalseAndLeavesStateUnchanged(long stale)
    {
        var store = CreateStore();
        await store.TrySaveAsync(State(step: "first"), 0, Later, None);
        await store.TrySaveAsync(State(step: "second"), 1, Later, None);

        Assert.False(await store.TrySaveAsync(State(step: "lost"), stale, Later.AddDays(1), None));

        var loaded = await store.LoadAsync("telegram/42", None);
        Assert.Equal((2L, "second"), (loaded?.Version, loaded?.StepId));
        // The losing write did not extend the lifetime either.
        Clock.SetUtcNow(Later);
        Assert.Null(await store.LoadAsync("telegram/42", None));
    }

    [Fact]
    public async Task TwoInstances_SeeEachOthersWritesAndConflict()
    {
        var first = CreateStore();
        var second = CreateStore();

        Assert.True(await first.TrySaveAsync(State(step: "from-first"), 0, Later, None));
        var seen = await second.LoadAsync("telegram/42", None);
        Assert.Equal(("from-first", 1L), (seen?.StepId, seen?.Version));

        // Both read version 1; the second instance writes first, so the first one's write must lose.
        Assert.True(await second.TrySaveAsync(State(step: "from-second"), 1, Later, None));
        Assert.False(await first.TrySaveAsync(State(step: "stale"), 1, Later, None));
        // Neither may create the key afresh while a live state exists.
        Assert.False(await first.TrySaveAsync(State(step: "fresh"), 0, Later, None));

        var reloaded = await first.LoadAsync("telegram/42", None);
        Assert.Equal(("from-second", 2L), (reloaded?.StepId, reloaded?.Version));
    }

    [Fact]
    public async Task LoadAsync_AfterExpiry_ReturnsNull()
    {
        var store = CreateStore();
        await store.TrySaveAsync(State(), 0, Start.AddMinutes(10), None);

        Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await store.LoadAsync("telegram/42", None));

        Clock.Advance(TimeSpan.FromMilliseconds(1)); // expiry is inclusive: at expiresAt the state is gone
        Assert.Null(await store.LoadAsync("telegram/42", None));
    }

    [Fact]
    public async Task TrySaveAsync_ExpectedZeroOverExpiredState_SucceedsAsVersionOne()
    {
        var store = CreateStore();
        await store.TrySaveAsync(State(step: "old"), 0, Start.AddMinutes(10), None);
        await store.TrySaveAsync(State(step: "old"), 1, Start.AddMinutes(10), None);
        Clock.Advance(TimeSpan.FromMinutes(11));

        Assert.True(await store.TrySaveAsync(State(step: "new"), 0, Later, None));

        var loaded = await store.LoadAsync("telegram/42", None);
        Assert.Equal(("new", 1L), (loaded?.StepId, loaded?.Version));
    }

    [Fact]
    public async Task TrySaveAsync_ReadBeforeTheStateExpired_IsRefused()
    {
        var store = CreateStore();
        await store.TrySaveAsync(State(step: "old"), 0, Start.AddMinutes(10), None);
        var read = await store.LoadAsync("telegram/42", None);
        Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.False(await store.TrySaveAsync(State(step: "stale"), read!.Version, Later, None));
        Assert.Null(await store.LoadAsync("telegram/42", None));
    }

    [Fact]
    public async Task TrySaveAsync_ReadBeforeTheConversationWasDeleted_IsRefusedAndItStaysForgotten()
    {
        var store = CreateStore();
        await store.TrySaveAsync(State(step: "old"), 0, Later, None);
        var read = await store.LoadAsync("telegram/42", None);
        await CreateStore().DeleteAsync("telegram/42", None); // another instance: the user asked to be forgotten

        Assert.False(await store.TrySaveAsync(State(step: "stale"), read!.Version, Later, None));
        Assert.Null(await store.LoadAsync("telegram/42", None));
        Assert.True(await store.TrySaveAsync(State(step: "fresh"), 0, Later, None));
        Assert.Equal(("fresh", 1L), ((await store.LoadAsync("telegram/42", None))?.StepId, (await store.LoadAsync("telegram/42", None))?.Version));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(7L)]
    public async Task TrySaveAsync_VersionOfAConversationNeverSaved_IsRefused(long expected)
    {
        Assert.False(await CreateStore().TrySaveAsync(State(), expected, Later, None));

        Assert.Null(await CreateStore().LoadAsync("telegram/42", None));
    }

    [Fact]
    public async Task PurgeExpiredAsync_MixedStates_RemovesExactlyTheExpiredOnes()
    {
        var store = CreateStore();
        await store.TrySaveAsync(State("web/a"), 0, Start.AddMinutes(1), None);
        await store.TrySaveAsync(State("web/b"), 0, Start.AddMinutes(5), None);
        await store.TrySaveAsync(State("web/c"), 0, Start.AddMinutes(10), None);

        Assert.Equal(2, await store.PurgeExpiredAsync(Start.AddMinutes(5), None));

        // The clock still says Start: only the purge can have removed a and b.
        Assert.Null(await store.LoadAsync("web/a", None));
        Assert.Null(await store.LoadAsync("web/b", None));
        Assert.NotNull(await store.LoadAsync("web/c", None));
        Assert.Equal(0, await store.PurgeExpiredAsync(Start.AddMinutes(5), None));
        Assert.True(await store.TrySaveAsync(State("web/a"), 0, Later, None));
    }

    [Fact]
    public async Task PurgeExpiredAsync_StateSavedAgainWithALaterExpiry_IsKept()
    {
        var store = CreateStore();
        await store.TrySaveAsync(State(), 0, Start.AddMinutes(1), None);
        await store.TrySaveAsync(State(step: "later"), 1, Start.AddMinutes(30), None);

        Assert.Equal(0, await store.PurgeExpiredAsync(Start.AddMinutes(5), None));

        Assert.Equal(("later", 2L), ((await store.LoadAsync("telegram/42", None))?.StepId, (await store.LoadAsync("telegram/42", None))?.Version));
    }

    [Fact]
    public async Task DeleteAsync_ExistingKey_ForgetsConversation()
    {
        var store = CreateStore();
        await store.TrySaveAsync(State(), 0, Later, None);
        await store.TrySaveAsync(State("web/other"), 0, Later, None);

        await store.DeleteAsync("telegram/42", None);
        await store.DeleteAsync("telegram/never-saved", None);

        Assert.Null(await store.LoadAsync("telegram/42", None));
        Assert.NotNull(await store.LoadAsync("web/other", None));
        Assert.True(await store.TrySaveAsync(State(), 0, Later, None));
        // The new state and web/other: the deleted one is not counted.
        Assert.Equal(2, await store.PurgeExpiredAsync(Later, None));
    }

    [Fact]
    public async Task ParallelLoadSaveLoops_OneKey_FinalVersionEqualsSuccessfulSaves()
    {
        // Two instances, several workers each: every successful save must be built on the one before.
        var first = CreateStore();
        var second = CreateStore();
        var successes = 0;

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var store = worker % 2 == 0 ? first : second;
            for (var i = 0; i < 50; i++)
            {
                var current = await store.LoadAsync("telegram/42", None);
                var count = current is null ? 0 : int.Parse(current.Slots["count"], System.Globalization.CultureInfo.InvariantCulture);
                var next = State() with { Slots = new Dictionary<string, string> { ["count"] = $"{count + 1}" } };
                if (await store.TrySaveAsync(next, current?.Version ?? 0, Later, None))
                    Interlocked.Increment(ref successes);
            }
        }));
        await Task.WhenAll(workers);

        var final = await first.LoadAsync("telegram/42", None);
        Assert.NotNull(final);
        Assert.True(successes > 0);
        Assert.Equal(successes, final.Version);
        Assert.Equal($"{successes}", final.Slots["count"]);
    }

    [Fact]
    public async Task TrySaveAsync_UnicodeAndSlashKeys_AreKeptApart()
    {
        string[] keys = ["telegram/123", "telegram/123/", "web/a/b/c", "телеграм/чат/ü✓🙂", "web/it's \"quoted\" %_*", "web\\back", "web:colon"];
        var store = CreateStore();

        foreach (var key in keys)
            Assert.True(await store.TrySaveAsync(State(key, step: $"step for {key}"), 0, Later, None));

        foreach (var key in keys)
        {
            var loaded = await store.LoadAsync(key, None);
            Assert.Equal((key, $"step for {key}"), (loaded?.Key, loaded?.StepId));
        }
        Assert.Equal(keys.Length, await store.PurgeExpiredAsync(Later, None));
    }
}

public sealed class InMemoryConversationStoreTests : ConversationStoreContract
{
    private InMemoryConversationStore? _store;

    // Memory has no second instance: every "instance" is the one store.
    protected override IConversationStore CreateStore() => _store ??= new InMemoryConversationStore(Clock);
}
