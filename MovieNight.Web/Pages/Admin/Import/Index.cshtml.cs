using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Migrations;
using MovieNight.Migrations.LegacyImport;
using MovieNight.Web.Data;

namespace MovieNight.Web.Pages.Admin.Import;

/// <summary>
/// The old app's files: an admin uploads its movie-night.db or data.json to import it, and reads the
/// reports of every import (this page's, the one at first start, and any made with the CLI).
/// </summary>
[RequestSizeLimit(IndexModel.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = IndexModel.MaxUploadBytes)]
public sealed class IndexModel(Db db, IServiceProvider services, ImportWatcher watcher) : PageModel
{
    /// <summary>Ten years of a household is a few MB either way; this bounds what an upload may cost.</summary>
    public const long MaxUploadBytes = 256L * 1024 * 1024;

    public sealed record ImportedFile(string FileName, DateTimeOffset ImportedAt, ImportReport Report);

    public IReadOnlyList<ImportedFile> Imports { get; private set; } = [];

    /// <summary>The upload's outcome: its report (a dry run's too), or why it was refused.</summary>
    public ImportReport? Result { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool dryRun)
    {
        if (file is null || file.Length == 0)
            Error = "Choose the old app's movie-night.db or data.json to import.";
        else
            await ImportAsync(file, dryRun);
        await LoadAsync();
        return Page();
    }

    private async Task ImportAsync(IFormFile file, bool dryRun)
    {
        // Kept under its own name, which the report shows; in a private directory, since it holds PINs and tokens.
        var directory = Directory.CreateTempSubdirectory("movienight-upload-");
        var name = Path.GetFileName(file.FileName) is { Length: > 0 } given ? given : "upload";
        var path = Path.Combine(directory.FullName, name);
        try
        {
            await using (var copy = System.IO.File.Create(path))
                await file.CopyToAsync(copy);
            // The import is synchronous SQLite work with PBKDF2 hashing: off the request thread.
            Result = await Task.Run(() => LegacyImports.Importer(services).ImportAny(path, LegacyImports.OldKey(services), dryRun));
            if (!dryRun) await watcher.CheckAsync();
        }
        catch (Exception e) when (e is LegacyImportException or DatabaseRefusedException)
        {
            Error = e.Message;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task LoadAsync()
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
