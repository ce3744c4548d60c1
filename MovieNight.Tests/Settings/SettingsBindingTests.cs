using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Settings;

/// <summary>Weekly-settings values that do not bind are refused, never read as something else.</summary>
public sealed class SettingsBindingTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("VotingOpensDay", "Monday,Tuesday")]
    [InlineData("VotingClosesDay", "Friday,Saturday")]
    [InlineData("VotingOpensDay", "3")]
    [InlineData("SelfVoteAllowed", "banana")]
    public async Task A_value_that_does_not_bind_is_an_error_and_changes_nothing(string field, string value)
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = await app.SignedInClientAsync(erik, "4821");
        var settings = app.Services.GetRequiredService<HouseholdSettings>();
        var before = await settings.ReadAsync();

        var page = await client.GetPageAsync("/Admin/Settings");
        var answer = await client.SubmitAsync(page, page.Form("form.settings-form"), new Dictionary<string, string> { [field] = value });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.NotNull(answer.Document.QuerySelector(".validation-summary-errors, [role=alert]"));
        var after = await settings.ReadAsync();
        Assert.Equal(before.Schedule, after.Schedule);
        Assert.Equal(before.SelfVoteAllowed, after.SelfVoteAllowed);
    }

    [Fact]
    public async Task A_weekday_sent_twice_is_refused_rather_than_combined()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = await app.SignedInClientAsync(erik, "4821");
        var page = await client.GetPageAsync("/Admin/Settings");
        var fields = page.Form("form.settings-form").Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Type is not "checkbox").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        fields.AddRange([new("NominationsPerMember", "1"), new("VotesPerMember", "2"), new("VotingOpensDay", "Monday"), new("VotingOpensDay", "Tuesday"),
            new("VotingClosesDay", "Friday")]);
        var answer = await client.PostAsync("/Admin/Settings", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var rules = await app.Services.GetRequiredService<HouseholdSettings>().ReadAsync();
        Assert.NotEqual(DayOfWeek.Wednesday, rules.Schedule.VotingOpens.Day);
    }
}
