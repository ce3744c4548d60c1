using System.Net;
using System.Text.RegularExpressions;

namespace MovieNight.Benchmarks;

/// <summary>A signed-in member's browser: its cookies (session and antiforgery) and the page's request token.</summary>
public sealed record Session(long MemberId, string Name, string Cookie, string Token)
{
    /// <summary>Signs in as a real browser does: the PIN form (with its token), then the week page for the signed-in token.</summary>
    public static async Task<Session> SignInAsync(Uri baseAddress, long memberId, string name, string pin)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

        var form = await http.GetStringAsync($"SignIn/{memberId}");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await http.PostAsync($"SignIn/{memberId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Pin"] = pin,
            ["ReturnUrl"] = "",
            ["__RequestVerificationToken"] = token,
        }));
        if (signIn.StatusCode != HttpStatusCode.Redirect || cookies.GetAllCookies()["MovieNight.Session"] is null)
            throw new InvalidOperationException($"Signing in as {name} gave {(int)signIn.StatusCode}, no session cookie.");

        var week = await http.GetAsync("Week");
        var page = await week.Content.ReadAsStringAsync();
        // While voting is open the page carries the votes-left bar.
        if (week.StatusCode != HttpStatusCode.OK || !page.Contains("id=\"votes-left\""))
            throw new InvalidOperationException($"{name}'s week page gave {(int)week.StatusCode} and does not say voting is open.");
        return new Session(memberId, name, cookies.GetCookieHeader(baseAddress), WeekPage.Parse(page).Token!);
    }
}

/// <summary>One nomination on the week page: its tally and whether this member's Vote button is pressed (null: no button).</summary>
public sealed record WeekCard(int Tally, bool? Pressed);

/// <summary>What the week page (or a vote's answer) says to one member.</summary>
public sealed partial record WeekPage(string? Token, int? VotesLeft, string? Notice, bool NoticeIsError, IReadOnlyDictionary<long, WeekCard> Cards)
{
    public IEnumerable<long> Pressed => Cards.Where(c => c.Value.Pressed == true).Select(c => c.Key);

    public static WeekPage Parse(string html)
    {
        var token = MetaTokenPattern().Match(html);
        var left = VotesLeftPattern().Match(html);
        var notice = NoticePattern().Match(html);
        var cards = new Dictionary<long, WeekCard>();
        var items = ItemPattern().Matches(html);
        for (var i = 0; i < items.Count; i++)
        {
            var from = items[i].Index;
            var to = i + 1 < items.Count ? items[i + 1].Index : html.Length;
            var item = html.AsSpan(from, to - from).ToString();
            var tally = TallyPattern().Match(item);
            var pressed = PressedButtonPattern().Match(item);
            cards[long.Parse(items[i].Groups[1].Value)] = new WeekCard(tally.Success ? int.Parse(tally.Groups[1].Value) : -1,
                pressed.Success ? pressed.Groups[1].Value == "true" : null);
        }
        return new WeekPage(token.Success ? token.Groups[1].Value : null, left.Success ? int.Parse(left.Groups[1].Value) : null,
            notice.Success ? notice.Groups[2].Value : null, notice.Success && notice.Groups[1].Value == "error", cards);
    }

    [GeneratedRegex("<meta name=\"request-verification-token\" content=\"([^\"]+)\"")] private static partial Regex MetaTokenPattern();
    [GeneratedRegex(@"You have <strong>(\d+)</strong>")] private static partial Regex VotesLeftPattern();
    [GeneratedRegex("class=\"vote-(done|error)\"[^>]*>([^<]*)<")] private static partial Regex NoticePattern();
    // Each nomination's tally and button stand in its vote control, on the page and in a vote's answer alike.
    [GeneratedRegex("<div class=\"vote-control\" id=\"vote-(\\d+)\"")] private static partial Regex ItemPattern();
    [GeneratedRegex("<p class=\"tally\"><strong>(\\d+)</strong>")] private static partial Regex TallyPattern();
    [GeneratedRegex("aria-pressed=\"(true|false)\"")] private static partial Regex PressedButtonPattern();
}
