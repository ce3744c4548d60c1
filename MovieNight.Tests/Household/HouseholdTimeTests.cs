using System.Globalization;
using MovieNight.Migrations;
using MovieNight.Web.Household;

namespace MovieNight.Tests.Household;

/// <summary>The one way pages write dates and times: the household's language and zone, the year only when it is not this one.</summary>
public sealed class HouseholdTimeTests
{
    private static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    // Friday 4 December 2026, 17:00 UTC = 18:00 in Budapest.
    private static readonly DateTimeOffset Deadline = new(2026, 12, 4, 17, 0, 0, TimeSpan.Zero);

    private static HouseholdTime In(string language) => new(CultureInfo.GetCultureInfo(language), Budapest, Now);

    [Fact]
    public void British_English_writes_the_day_first_and_a_24_hour_clock()
    {
        var when = In("en-GB");
        Assert.Equal("Fri 4 Dec, 18:00", when.DayAndTime(Deadline));
        Assert.Equal("18:00", when.Time(Deadline));
        Assert.Equal("Monday 7 Dec", when.LongDay(new DateOnly(2026, 12, 7)));
    }

    [Fact]
    public void American_English_writes_the_month_first_and_a_12_hour_clock()
    {
        var when = In("en-US");
        Assert.Equal("Fri Dec 4, 6:00\u202fPM".Replace("\u202f", " "), when.DayAndTime(Deadline).Replace("\u202f", " "));
    }

    [Theory]
    [InlineData("en-GB", "9 Mar 2025")]
    [InlineData("en-US", "Mar 9, 2025")]
    [InlineData("hu-HU", "2025. márc. 9.")]
    [InlineData("sv-SE", "9 mars 2025")]
    [InlineData("fr-CA", "9 mars 2025")]
    [InlineData("ja-JP", "2025年3月9日")]
    public void A_date_in_another_year_keeps_each_languages_own_order(string language, string expected)
    {
        Assert.Equal(expected, In(language).Date(new DateOnly(2025, 3, 9)));
    }

    [Fact]
    public void Every_offered_language_writes_a_whole_date_without_a_weekday_or_a_stray_pattern()
    {
        foreach (var language in HouseholdTime.OfferedLanguages)
        {
            var written = In(language).Date(new DateOnly(2025, 3, 9));
            Assert.True(written.Contains("2025") && written.Contains('9') && !written.Contains("dd") && !written.Contains("yy"), $"{language}: {written}");
            Assert.DoesNotContain(CultureInfo.GetCultureInfo(language).DateTimeFormat.GetDayName(DayOfWeek.Sunday), written);
        }
        Assert.Equal("4. Dez.", In("de-DE").Date(Deadline));
    }

    [Fact]
    public void A_week_is_titled_by_its_days_with_the_year_only_across_new_year_or_in_another_year()
    {
        var when = In("en-GB");
        Assert.Equal("30 Nov – 6 Dec", when.Days(WeekId.Parse("2026-W49")));
        Assert.Equal("28 Dec 2026 – 3 Jan 2027", when.Days(WeekId.Parse("2026-W53")));
        Assert.Equal("16 Feb – 22 Feb", when.Days(WeekId.Parse("2026-W08")));
        Assert.Equal("17 Feb 2025 – 23 Feb 2025", when.Days(WeekId.Parse("2025-W08")));
        Assert.Equal("Week 49, 2026", HouseholdTime.WeekNumber(WeekId.Parse("2026-W49")));
    }

    [Fact]
    public void Instants_are_shown_in_the_households_zone_not_in_utc()
    {
        // 23:30 UTC on 5 Dec is already Sunday 6 Dec in Budapest.
        Assert.Equal("Sun 6 Dec, 00:30", In("en-GB").DayAndTime(new DateTimeOffset(2026, 12, 5, 23, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_moment_nobody_recorded_says_so()
    {
        Assert.Equal("date not recorded", In("en-GB").DayAndTime(null, "date not recorded"));
    }

    [Fact]
    public void Only_specific_languages_the_runtime_knows_are_found()
    {
        Assert.Equal("en-GB", HouseholdTime.FindLanguage(" en-GB ")!.Name);
        Assert.Null(HouseholdTime.FindLanguage("en"));
        Assert.Null(HouseholdTime.FindLanguage("xx-Nowhere"));
        Assert.Null(HouseholdTime.FindLanguage(""));
    }
}
