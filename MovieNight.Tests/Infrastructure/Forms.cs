using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace MovieNight.Tests.Infrastructure;

/// <summary>Reads pages with AngleSharp and submits their real forms, antiforgery token included.</summary>
public static class Forms
{
    private static readonly HtmlParser Parser = new();

    public sealed record Page(HttpResponseMessage Response, IHtmlDocument Document)
    {
        public HttpStatusCode Status => Response.StatusCode;
        public string Text => Document.Body?.TextContent ?? "";
        public Uri Url => Response.RequestMessage!.RequestUri!;

        /// <summary>The form whose submit button (or handler in its action) matches.</summary>
        public IHtmlFormElement Form(string selector = "main form") =>
            Document.QuerySelector(selector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form '{selector}' on {Url}:\n{Text}");
    }

    public static async Task<Page> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return new Page(response, await ParseAsync(response));
    }

    /// <summary>Fills the named fields (others keep their values) and posts the form as a browser would.</summary>
    public static async Task<Page> SubmitAsync(this HttpClient client, Page page, IHtmlFormElement form,
        IReadOnlyDictionary<string, string>? values = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>())
        {
            if (string.IsNullOrEmpty(input.Name) || input.IsDisabled) continue;
            if (input.Type is "radio" or "checkbox" && !input.IsChecked) continue;
            fields.Add(new(input.Name, input.Value));
        }
        // As a browser does: a select sends its selected option (else its first), a textarea its text.
        foreach (var select in form.Elements.OfType<IHtmlSelectElement>().Where(s => !string.IsNullOrEmpty(s.Name) && !s.IsDisabled))
            if ((select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options.FirstOrDefault()) is { } option)
                fields.Add(new(select.Name!, option.Value));
        foreach (var area in form.Elements.OfType<IHtmlTextAreaElement>().Where(a => !string.IsNullOrEmpty(a.Name) && !a.IsDisabled))
            fields.Add(new(area.Name!, area.Value));
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }
        var action = new Uri(page.Url, form.GetAttribute("action") ?? page.Url.PathAndQuery);
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.Add(name, value);
        var response = await client.SendAsync(request);
        return new Page(response, await ParseAsync(response));
    }

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
}
