using SupportBot.Core.Tickets;

namespace SupportBot.Core.Tests.Tickets;

public sealed class TeamHoursTests
{
    // TestClock.Epoch, 2030-01-15, is a Tuesday; Moscow is UTC+3 all year.
    private static readonly TeamHours Moscow = TeamHours.Parse("Mon-Fri 09:00-18:00 Europe/Moscow");

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2030, 1, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void IsOpen_WeekdayInsideTheHours_InTheTeamsZone() =>
        Assert.True(Moscow.IsOpen(TestClock.Epoch)); // 15:00 in Moscow

    [Theory]
    [InlineData(15, 5, 59)] // Tue 08:59 in Moscow
    [InlineData(15, 15, 0)] // Tue 18:00 in Moscow: the end is excluded
    [InlineData(19, 10, 0)] // Saturday
    [InlineData(20, 10, 0)] // Sunday
    public void IsOpen_OutsideTheHoursOrOnAWeekend_False(int day, int hour, int minute) =>
        Assert.False(Moscow.IsOpen(Utc(day, hour, minute)));

    [Fact]
    public void IsOpen_FridayEveningInUtc_IsSaturdayNightInMoscow_Closed() =>
        Assert.False(Moscow.IsOpen(Utc(18, 22, 30)));

    [Fact]
    public void IsOpen_SundayEveningInUtc_IsMondayMorningInMoscow_OpenAtNine()
    {
        Assert.False(Moscow.IsOpen(Utc(20, 23, 0))); // Mon 02:00 in Moscow
        Assert.True(Moscow.IsOpen(Utc(21, 6, 0))); // Mon 09:00 in Moscow
    }

    [Fact]
    public void NextOpening_WhileOpen_Now() => Assert.Equal(TestClock.Epoch, Moscow.NextOpening(TestClock.Epoch));

    [Fact]
    public void NextOpening_AfterHoursOnAWeekday_NextMorningInMoscow() =>
        Assert.Equal(Utc(16, 6, 0), Moscow.NextOpening(Utc(15, 15, 0)));

    [Fact]
    public void NextOpening_EarlyTheSameMorning_ThatMorning() =>
        Assert.Equal(Utc(15, 6, 0), Moscow.NextOpening(Utc(15, 2, 0)));

    [Theory]
    [InlineData(18, 16, 0)] // Friday after hours
    [InlineData(19, 10, 0)] // Saturday
    [InlineData(20, 22, 0)] // Sunday in UTC, already Monday 01:00 in Moscow
    public void NextOpening_OverTheWeekend_MondayNineInMoscow(int day, int hour, int minute) =>
        Assert.Equal(Utc(21, 6, 0), Moscow.NextOpening(Utc(day, hour, minute)));

    [Fact]
    public void NextOpening_IsInTheTeamsOffset() =>
        Assert.Equal(new DateTimeOffset(2030, 1, 21, 9, 0, 0, TimeSpan.FromHours(3)), Moscow.NextOpening(Utc(19, 10, 0)));

    [Fact]
    public void PastMidnight_TheShiftBelongsToTheDayItStarts()
    {
        var nights = TeamHours.Parse("Fri 22:00-06:00 UTC");

        Assert.True(nights.IsOpen(Utc(18, 23, 0))); // Friday night
        Assert.True(nights.IsOpen(Utc(19, 5, 59))); // Saturday before six
        Assert.False(nights.IsOpen(Utc(19, 6, 0)));
        Assert.False(nights.IsOpen(Utc(19, 23, 0))); // Saturday night is not a shift
        Assert.False(nights.IsOpen(Utc(18, 5, 0))); // Friday morning belongs to Thursday, which has none
        Assert.Equal(Utc(25, 22, 0), nights.NextOpening(Utc(19, 6, 0)));
    }

    [Fact]
    public void Parse_DaysAsRangesAndLists_RangesMayWrapTheWeek()
    {
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Friday],
            TeamHours.Parse("Mon-Wed,Fri 10:00-12:00 UTC").Days.Order());
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Saturday], TeamHours.Parse("sat-mon 10:00-12:00 UTC").Days.Order());
    }

    [Theory]
    [InlineData("Mon-Fri 09:00-18:00")]
    [InlineData("Mon-Fry 09:00-18:00 UTC")]
    [InlineData("Mon-Fri 9-18 UTC")]
    [InlineData("Mon-Fri 09:00-18:00 Mars/Olympus")]
    public void Parse_Malformed_FormatException(string text) => Assert.Throws<FormatException>(() => TeamHours.Parse(text));

    [Fact]
    public void NextOpening_NoDays_Null() =>
        Assert.Null(new TeamHours(new HashSet<DayOfWeek>(), new TimeOnly(9, 0), new TimeOnly(18, 0), TimeZoneInfo.Utc).NextOpening(TestClock.Epoch));
}
