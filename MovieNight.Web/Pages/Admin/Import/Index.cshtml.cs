using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Migrations;
using MovieNight.Migrations.LegacyImport;
using MovieNight.Web.Data;

namespace MovieNight.Web.Pages.Admin.Import;

/// <summary>The reports of data.json imports (the one at first start, and any made with the CLI).</summary>
public sealed class IndexModel(Db db) : PageModel
{
    public sealed record ImportedFile(string FileName, DateTimeOffset ImportedAt, ImportReport Report);

    public IReadOnlyList<ImportedFile> Imports { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await using var connection = db.OpenConnection();
        var rows = await connection.QueryAsync<(string FileName, string ImportedAt, string Report)>(
            "SELECT file_name, imported_at, report FROM legacy_imports ORDER BY id DESC");
        Imports = rows.Select(r => new ImportedFile(r.FileName, SqliteTime.Parse(r.ImportedAt),
            ImportReport.FromJson(r.Report))).ToList();
        // Reading the page is what "shown to the first admin" means: the home page stops pointing here.
        await connection.ExecuteAsync("UPDATE legacy_imports SET report_seen = 1 WHERE report_seen = 0");
    }
}
