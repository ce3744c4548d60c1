using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Backups;
using MovieNight.Web.Http;

namespace MovieNight.Web.Pages.Admin.Backups;

/// <summary>The admins' backups: the list (newest first), "Back up now", and a download of each.</summary>
public sealed class IndexModel(DatabaseBackups backups) : PageModel
{
    public IReadOnlyList<BackupFile> Backups { get; private set; } = [];
    public string? Notice { get; private set; }

    public void OnGet()
    {
        Notice = this.TakeNotice();
        Backups = backups.List();
    }

    public async Task<IActionResult> OnPostBackUpNowAsync()
    {
        var made = await backups.CreateAsync(HttpContext.RequestAborted);
        this.Tell($"Backed up as {made.Name}.");
        return RedirectToPage();
    }

    public IActionResult OnGetDownload(string? name) =>
        backups.PathOf(name) is { } path
            ? PhysicalFile(path, "application/vnd.sqlite3", name)
            : NotFound();
}
