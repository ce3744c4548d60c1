using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace MovieNight.Web.Http;

/// <summary>
/// Field-level errors: the message under its field, and the field marked for screen readers. A field
/// with <c>error-for="NewPin"</c> gets aria-invalid="true" and its message's id in aria-describedby
/// while ModelState holds an error for that key; <c>&lt;field-error for="NewPin" field="new-pin"&gt;</c>
/// renders that message (id "new-pin-error"), or nothing.
/// </summary>
[HtmlTargetElement("input", Attributes = "error-for", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("fieldset", Attributes = "error-for")]
public sealed class InvalidFieldTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName("error-for")] public string Key { get; set; } = "";

    /// <summary>The message's id when it is not this element's id + "-error" (several fields sharing one message).</summary>
    [HtmlAttributeName("error-id")] public string? ErrorId { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (FieldErrors.MessageFor(ViewContext, Key) is null) return;
        var errorId = ErrorId ?? (output.Attributes["id"]?.Value?.ToString() is { Length: > 0 } id ? $"{id}-error" : null);
        if (errorId is null) return;
        // A fieldset is a group: it is described by the message, its inputs carry their own state.
        if (output.TagName == "input") output.Attributes.SetAttribute("aria-invalid", "true");
        var describedBy = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrWhiteSpace(describedBy) ? errorId : $"{describedBy} {errorId}");
    }
}

/// <summary>The message of the first error for <see cref="Key"/>, next to the field whose id is <see cref="Field"/>.</summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName("for")] public string Key { get; set; } = "";
    [HtmlAttributeName("field")] public string Field { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (FieldErrors.MessageFor(ViewContext, Key) is not { } message)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("id", $"{Field}-error");
        output.Attributes.SetAttribute("class", "field-error");
        // The sign is drawn, not read: the field's description is the message alone.
        output.Content.SetHtmlContent("<span class=\"field-error-sign\" aria-hidden=\"true\">⚠</span> ");
        output.Content.Append(message);
    }
}

/// <summary>
/// "There is a problem": every error of the form, announced, each linking to its field (keys named in
/// <see cref="Fields"/> as "Key:field-id, ..."); errors of no field are plain text. Nothing when the form is valid.
/// </summary>
[HtmlTargetElement("error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName("fields")] public string Fields { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = ViewContext.ModelState;
        if (state.IsValid)
        {
            output.SuppressOutput();
            return;
        }
        var ids = Fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split(':', 2, StringSplitOptions.TrimEntries)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "alert alert-error error-summary");
        output.Attributes.SetAttribute("role", "alert");
        var list = new TagBuilder("ul");
        foreach (var (key, entry) in state)
        {
            foreach (var error in entry.Errors)
            {
                var item = new TagBuilder("li");
                if (ids.TryGetValue(key, out var id))
                {
                    var link = new TagBuilder("a");
                    link.Attributes["href"] = $"#{id}";
                    link.InnerHtml.Append(error.ErrorMessage);
                    item.InnerHtml.AppendHtml(link);
                }
                else
                {
                    item.InnerHtml.Append(error.ErrorMessage);
                }
                list.InnerHtml.AppendHtml(item);
            }
        }
        output.Content.SetHtmlContent(list);
    }
}

public static class FieldErrors
{
    public static string? MessageFor(ViewContext view, string key) =>
        view.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
