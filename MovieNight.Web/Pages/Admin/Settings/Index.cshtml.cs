using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Household;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.Admin.Settings;

/// <summary>
/// The admin's household settings: the weekly game's limits, its schedule and the time zone. Saved
/// all together through HouseholdSettings, which refuses rules that do not make sense; then nothing
/// changes and the page says why.
/// </summary>
public sealed class IndexModel(HouseholdSettings settings, HouseholdTime when, WeekCloser closer, PageCache cache, TimeProvider time) : PageModel
{
    public static readonly IReadOnlyList<DayOfWeek> Days =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    [BindProperty] public string? NominationsPerMember { get; set; }
    [BindProperty] public string? VotesPerMember { get; set; }
    [BindProperty] public bool SelfVoteAllowed { get; set; }
    [BindProperty] public string? VotingOpensDay { get; set; }
    [BindProperty] public string? VotingOpensTime { get; set; }
    [BindProperty] public string? VotingClosesDay { get; set; }
    [BindProperty] public string? VotingClosesTime { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public bool SecretBallot { get; set; }
    [BindProperty] public string? Language { get; set; }

    public bool Saved { get; private set; }
    public bool TimeZoneFromEnvironment => settings.TimeZoneSetByEnvironment;
    /// <summary>The zone the household's weeks run in now, whoever chose it.</summary>
    public string ZoneInForce { get; private set; } = "";
    public string ServerZone => TimeZoneInfo.Local.Id;
    public IReadOnlyList<string> Zones { get; private set; } = [];
    /// <summary>The languages offered for dates and times, with their names, and the chosen one if it is not among them.</summary>
    public IReadOnlyList<CultureInfo> Languages { get; private set; } = [];
    public CultureInfo ServerLanguage => HouseholdTime.ServerLanguage;
    /// <summary>
    /// The times of day a deadline can be set to (every half hour, plus a stored one off that grid), as
    /// "HH:mm" values with labels written the household's way: a native time input would show the
    /// browser's own format ("12:00 AM") instead.
    /// </summary>
    public IReadOnlyList<(string Value, string Label)> TimesOfDay(string? current)
    {
        var times = Enumerable.Range(0, 48).Select(i => new TimeOnly(i / 2, i % 2 * 30)).ToList();
        if (TimeOnly.TryParseExact(current, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var stored) && !times.Contains(stored))
            times = [.. times.Append(stored).Order()];
        return times.Select(t => (t.ToString("HH:mm", CultureInfo.InvariantCulture), when.Time(t))).ToList();
    }

    /// <summary>A moment written the way the pages write it now, so the admin sees what a choice does.</summary>
    public string Example { get; private set; } = "";

    public async Task OnGetAsync(bool saved)
    {
        Saved = saved;
        var rules = await settings.ReadAsync();
        NominationsPerMember = rules.NominationsPerMember.ToString(CultureInfo.InvariantCulture);
        VotesPerMember = rules.VotesPerMember.ToString(CultureInfo.InvariantCulture);
        SelfVoteAllowed = rules.SelfVoteAllowed;
        (VotingOpensDay, VotingOpensTime) = (rules.Schedule.VotingOpens.Day.ToString(), rules.Schedule.VotingOpens.Time.ToString("HH:mm", CultureInfo.InvariantCulture));
        (VotingClosesDay, VotingClosesTime) = (rules.Schedule.VotingCloses.Day.ToString(), rules.Schedule.VotingCloses.Time.ToString("HH:mm", CultureInfo.InvariantCulture));
        TimeZone = rules.TimeZoneId;
        SecretBallot = rules.SecretBallot;
        Language = rules.Language;
        Describe(rules);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var current = await settings.ReadAsync();
        var nominations = Number(NominationsPerMember, "Nominations per member");
        var votes = Number(VotesPerMember, "Votes per member");
        var opens = Moment(VotingOpensDay, VotingOpensTime, "Voting opens");
        var closes = Moment(VotingClosesDay, VotingClosesTime, "Voting closes");
        if (ModelState.IsValid)
        {
            var rules = new WeekRules
            {
                NominationsPerMember = nominations, VotesPerMember = votes, SelfVoteAllowed = SelfVoteAllowed, SecretBallot = SecretBallot,
                Language = string.IsNullOrWhiteSpace(Language) ? null : Language.Trim(),
                Schedule = new WeekSchedule(opens, closes),
                // While TZ decides the zone the field is not shown: keep the stored choice for when TZ goes.
                TimeZoneId = TimeZoneFromEnvironment ? current.TimeZoneId : string.IsNullOrWhiteSpace(TimeZone) ? null : TimeZone.Trim(),
            };
            foreach (var problem in await settings.SaveAsync(rules)) ModelState.AddModelError("", problem);
            if (ModelState.IsValid)
            {
                await cache.HouseholdChangedAsync();
                // A deadline moved to a time already past closes this week now, not a week later.
                await closer.CloseDueWeeksAsync(ClosedBy.CatchUp);
                return RedirectToPage(new { saved = true });
            }
        }
        Describe(current);
        return Page();
    }

    private void Describe(WeekRules rules)
    {
        ZoneInForce = settings.ZoneFor(rules).Id;
        Languages = HouseholdTime.OfferedLanguages.Append(rules.Language ?? "").Select(HouseholdTime.FindLanguage).OfType<CultureInfo>()
            .DistinctBy(c => c.Name).OrderBy(c => c.DisplayName, StringComparer.CurrentCulture).ToList();
        var clock = new WeekClock(when.Zone, rules.Schedule);
        Example = when.DayAndTime(clock.TimesOf(clock.WeekOf(time.GetUtcNow())).VotingCloses);
        Zones = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Append(TimeZone ?? "").Where(id => id.Length > 0)
            .Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private int Number(string? text, string what)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        ModelState.AddModelError("", $"{what}: enter a whole number.");
        return 0;
    }

    private WeekTime Moment(string? day, string? time, string what)
    {
        if (HouseholdSettings.TryParseWeekTime($"{day} {time}", out var moment)) return moment;
        ModelState.AddModelError("", $"{what}: choose a day and a time such as 18:00.");
        return default;
    }
}
