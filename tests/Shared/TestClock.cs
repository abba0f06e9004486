namespace SupportBot.Testing;

/// <summary>
/// The clock of tests that run real servers and real timers: time flows as it really does (monotonic, from the
/// process's stopwatch), but the calendar starts at a fixed date, so no test depends on the day it runs. Tests that
/// need to move time by hand use <c>FakeTimeProvider</c> starting at <see cref="Epoch"/>.
/// </summary>
public sealed class TestClock : TimeProvider
{
    /// <summary>The date every test's calendar starts at.</summary>
    public static readonly DateTimeOffset Epoch = new(2030, 1, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>One clock shared by every component of a test process, so they all agree on "now".</summary>
    public static TimeProvider Instance { get; } = new TestClock();

    private readonly long started;

    private TestClock() => started = GetTimestamp();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Epoch + GetElapsedTime(started);
}
