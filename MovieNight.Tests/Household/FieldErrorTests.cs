using System.Net;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Household;

/// <summary>A refused form says what is wrong next to the field, marks the field for screen readers and keeps what was typed.</summary>
public sealed class FieldErrorTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    private static void AssertFieldError(Forms.Page page, string fieldId, string message)
    {
        var field = page.Document.GetElementById(fieldId)!;
        var error = page.Document.GetElementById($"{fieldId}-error")!;
        Assert.Equal("true", field.GetAttribute("aria-invalid"));
        Assert.Contains($"{fieldId}-error", field.GetAttribute("aria-describedby")!.Split(' '));
        Assert.Equal(message, error.TextContent.Replace("⚠", "").Trim());
        // The summary at the top announces it and links to the field.
        Assert.Equal($"#{fieldId}", page.Document.QuerySelector($"[role=alert] a[href='#{fieldId}']")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Adding_a_member_with_a_taken_name_names_the_problem_under_the_name_and_keeps_the_rest()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        await app.CreateMemberAsync("Niki");
        var client = await app.SignedInClientAsync(erik, "4821");
        var page = await client.GetPageAsync("/Admin/Members");
        var refused = await client.SubmitAsync(page, page.Form("form[action*='handler=Add']"),
            new Dictionary<string, string> { ["Name"] = "Niki", ["CustomIcon"] = "🐙", ["NoPin"] = "true" });

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        AssertFieldError(refused, "name", "There is already a member called Niki.");
        Assert.Equal("Niki", refused.Document.GetElementById("name")!.GetAttribute("value"));
        Assert.Equal("🐙", refused.Document.GetElementById("custom-icon")!.GetAttribute("value"));
        Assert.NotNull(refused.Document.QuerySelector("input[name=NoPin][checked]"));
        // Fields without a problem are not marked.
        Assert.Null(refused.Document.GetElementById("pin")!.GetAttribute("aria-invalid"));
        Assert.Null(refused.Document.GetElementById("pin-error"));
    }

    [Fact]
    public async Task A_bad_pin_for_a_new_member_is_named_under_the_pin()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = await app.SignedInClientAsync(erik, "4821");
        var page = await client.GetPageAsync("/Admin/Members");
        var refused = await client.SubmitAsync(page, page.Form("form[action*='handler=Add']"),
            new Dictionary<string, string> { ["Name"] = "Niki", ["Pin"] = "12" });
        AssertFieldError(refused, "pin", "A PIN is 4 to 8 digits.");
        Assert.Contains("pin-hint", refused.Document.GetElementById("pin")!.GetAttribute("aria-describedby")!.Split(' '));
        Assert.Equal("Niki", refused.Document.GetElementById("name")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_icon_that_is_not_an_emoji_is_named_in_the_icon_picker_and_shown_again()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var niki = await app.CreateMemberAsync("Niki");
        var client = await app.SignedInClientAsync(erik, "4821");
        var page = await client.GetPageAsync($"/Admin/Members/Edit/{niki.Id}");
        var refused = await client.SubmitAsync(page, page.Form("form:not([action*='handler'])"),
            new Dictionary<string, string> { ["CustomIcon"] = "not an icon" });
        Assert.Equal("An icon is a single emoji.", refused.Document.GetElementById("icon-error")!.TextContent.Replace("⚠", "").Trim());
        Assert.Contains("icon-error", refused.Document.GetElementById("custom-icon")!.GetAttribute("aria-describedby")!);
        Assert.Equal("true", refused.Document.GetElementById("custom-icon")!.GetAttribute("aria-invalid"));
        Assert.Equal("not an icon", refused.Document.GetElementById("custom-icon")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_wrong_current_pin_is_named_under_the_current_pin_on_my_profile()
    {
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var client = await app.SignedInClientAsync(timea, "1357");
        var page = await client.GetPageAsync("/Account");
        var refused = await client.SubmitAsync(page, page.Form("form[action*='handler=Pin']"),
            new Dictionary<string, string> { ["CurrentPin"] = "0000", ["NewPin"] = "2468", ["ConfirmPin"] = "2468" });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.StartsWith("Your current PIN is not right", refused.Document.GetElementById("current-pin-error")!.TextContent.Replace("⚠", "").Trim());
        Assert.Equal("true", refused.Document.GetElementById("current-pin")!.GetAttribute("aria-invalid"));

        var differ = await client.SubmitAsync(page, page.Form("form[action*='handler=Pin']"),
            new Dictionary<string, string> { ["CurrentPin"] = "1357", ["NewPin"] = "2468", ["ConfirmPin"] = "2469" });
        AssertFieldError(differ, "confirm-pin", "The two new PINs differ. Type the same PIN twice.");
    }

    [Fact]
    public async Task Deactivating_and_resetting_a_pin_ask_for_confirmation_and_reactivating_does_not()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var niki = await app.CreateMemberAsync("Niki");
        var client = await app.SignedInClientAsync(erik, "4821");
        var list = await client.GetPageAsync("/Admin/Members");
        var deactivate = list.Form($"#member-{niki.Id} form[action*='handler=Active']");
        Assert.StartsWith("Deactivate Niki?", deactivate.GetAttribute("data-confirm"));
        Assert.Equal("Deactivate Niki", deactivate.GetAttribute("data-confirm-button"));
        await client.SubmitAsync(list, deactivate);

        list = await client.GetPageAsync("/Admin/Members");
        Assert.Null(list.Form($"#member-{niki.Id} form[action*='handler=Active']").GetAttribute("data-confirm"));
        var edit = await client.GetPageAsync($"/Admin/Members/Edit/{niki.Id}");
        Assert.Equal("Reset Niki's PIN? They are signed out on every device.", edit.Form("form[action*='handler=ResetPin']").GetAttribute("data-confirm"));
    }
}
