using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Options;
using MovieNight.Web.Data;

namespace MovieNight.Web.Backups;

/// <summary>A backup file in data/backups.</summary>
public sealed record BackupFile(string Name, long Bytes, DateTimeOffset TakenAt);

/// <summary>
/// Consistent copies of movienight.db in data/backups. VACUUM INTO reads one snapshot while votes go
/// on, into a hidden temporary file that is renamed into place only once complete, so a listed
/// backup is never half written. The newest <see cref="BackupOptions.Keep"/> are kept.
/// </summary>
public sealed partial class DatabaseBackups(Db db, IOptions<MovieNightOptions> files, IOptions<BackupOptions> options, TimeProvider time,
    ILogger<DatabaseBackups> logger)
{
    private const string NameFormat = "yyyyMMdd-HHmmss";
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    private string Directory => files.Value.BackupsDirectory;

    public async Task<BackupFile> CreateAsync(CancellationToken cancellation = default)
    {
        await oneAtATime.WaitAsync(cancellation);
        try
        {
            PrivateFiles.CreateDirectory(Directory);
            var takenAt = time.GetUtcNow();
            var name = "movienight-" + takenAt.UtcDateTime.ToString(NameFormat, CultureInfo.InvariantCulture) + ".db";
            var path = Path.Combine(Directory, name);
            var temporary = Path.Combine(Directory, $".{name}.{Guid.NewGuid():N}.tmp");
            // VACUUM INTO accepts an empty file, so the copy is private (0600) from its first byte.
            PrivateFiles.CreateFile(temporary);
            try
            {
                using (var connection = db.OpenConnection())
                    await connection.ExecuteAsync(new CommandDefinition("VACUUM INTO @temporary", new { temporary }, cancellationToken: cancellation));
                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
            Prune();
            logger.LogInformation("Backed up the database to {Path}", path);
            return Describe(new FileInfo(path))!;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>The backups, newest first.</summary>
    public IReadOnlyList<BackupFile> List() =>
        !System.IO.Directory.Exists(Directory) ? [] :
        new DirectoryInfo(Directory).EnumerateFiles("movienight-*.db").Select(Describe).OfType<BackupFile>()
            .OrderByDescending(b => b.TakenAt).ToList();

    /// <summary>The path of a listed backup, or null for any other name (nothing outside the folder is ever served).</summary>
    public string? PathOf(string? name) =>
        name is not null && List().Any(b => b.Name == name) ? Path.Combine(Directory, name) : null;

    private void Prune()
    {
        foreach (var old in List().Skip(options.Value.Keep))
        {
            File.Delete(Path.Combine(Directory, old.Name));
            logger.LogInformation("Deleted the old backup {Name}", old.Name);
        }
    }

    private static BackupFile? Describe(FileInfo file)
    {
        var match = BackupName().Match(file.Name);
        if (!match.Success) return null;
        var takenAt = DateTime.ParseExact(match.Groups[1].Value, NameFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return new BackupFile(file.Name, file.Length, new DateTimeOffset(takenAt, TimeSpan.Zero));
    }

    [GeneratedRegex(@"^movienight-(\d{8}-\d{6})\.db$")]
    private static partial Regex BackupName();
}
