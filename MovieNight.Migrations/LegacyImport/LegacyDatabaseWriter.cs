using Dapper;
using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Writes a validated <see cref="LegacyData"/> inside the caller's transaction: members, then each
/// week's nominations, votes, ratings (as watches) and results, the SQLite app's other watches and
/// Trakt links, then the legacy_imports row that makes a second import of the same file a no-op.
/// Throws before writing anything that conflicts.
/// </summary>
internal sealed class LegacyDatabaseWriter(SqliteConnection connection, SqliteTransaction transaction, TimeProvider time)
{
    private readonly Dictionary<string, long> memberIds = new(StringComparer.Ordinal);
    private readonly List<SkippedRecord> skipped = [];

    /// <param name="vault">Seals Trakt tokens; asked for only when the data holds Trakt links.</param>
    public ImportReport Write(LegacyData data, IReadOnlyDictionary<string, string> pinHashes, string fileSha256, string fileName, bool dryRun,
        Func<TokenVault> vault)
    {
        CheckWeeksAreFree(data.Weeks);
        var membersCreated = WriteMembers(data.Members, pinHashes);
        var adminName = EnsureAdmin(data.Members);
        var nominationIds = new Dictionary<LegacyNomination, long>(ReferenceEqualityComparer.Instance);
        var counts = new WeekWriter(connection, transaction, memberIds, nominationIds).Write(data.Weeks);
        var (watches, rated) = new WatchWriter(connection, transaction, memberIds, nominationIds).Write(data.Watches);
        var traktLinks = new TraktLinkWriter(connection, transaction, memberIds, time).Write(data.TraktLinks, vault, skipped);

        var report = new ImportReport
        {
            FileName = fileName,
            DryRun = dryRun,
            Members = membersCreated,
            Weeks = counts.Weeks,
            Nominations = counts.Nominations,
            Votes = counts.Votes,
            Ratings = counts.Ratings + rated,
            Watches = counts.Watches + watches,
            WeekHistoryRows = counts.WeekHistoryRows,
            TraktLinks = traktLinks,
            AdminName = adminName,
            Skipped = [.. skipped, .. data.Skipped],
            Warnings = [.. data.Warnings],
        };
        connection.Execute("""
            INSERT INTO legacy_imports (file_sha256, file_name, imported_at, report, report_seen)
            VALUES (@FileSha256, @FileName, @ImportedAt, @Report, 0)
            """,
            new { FileSha256 = fileSha256, FileName = fileName, ImportedAt = SqliteTime.ToText(time.GetUtcNow()), Report = (report with { DryRun = false }).ToJson() },
            transaction);
        return report;
    }

    /// <summary>
    /// A week that already has nominations or results came from another file or from the app
    /// itself; importing into it would mix two records of one week, so the import stops instead.
    /// </summary>
    private void CheckWeeksAreFree(List<LegacyWeek> weeks)
    {
        var taken = connection.Query<string>("SELECT week FROM nominations UNION SELECT week FROM week_history", transaction: transaction)
            .ToHashSet(StringComparer.Ordinal);
        var clash = weeks.FirstOrDefault(w => taken.Contains(w.Id));
        if (clash is not null)
            throw new LegacyImportException(clash.JsonPath,
                $"expected a week the database does not hold yet, found {clash.Id}, which already has nominations or results; nothing was imported");
    }

    private int WriteMembers(List<LegacyMember> members, IReadOnlyDictionary<string, string> pinHashes)
    {
        var created = 0;
        var createdAt = SqliteTime.ToText(time.GetUtcNow());
        foreach (var member in members)
        {
            var existing = connection.QuerySingleOrDefault<long?>("SELECT id FROM users WHERE name = @Name", new { member.Name }, transaction);
            if (existing is { } id)
            {
                memberIds.Add(member.Name, id);
                skipped.Add(new SkippedRecord(member.JsonPath,
                    $"a member named {member.Name} already exists; this file's records were linked to them and their icon and PIN were kept"));
                continue;
            }
            memberIds.Add(member.Name, connection.ExecuteScalar<long>("""
                INSERT INTO users (name, icon, pin, is_admin, is_active, created_at)
                VALUES (@Name, @Icon, @Pin, 0, 1, @CreatedAt)
                RETURNING id
                """,
                new { member.Name, member.Icon, Pin = pinHashes.GetValueOrDefault(member.Name), CreatedAt = createdAt }, transaction));
            created++;
        }
        return created;
    }

    /// <summary>A household needs an admin: with none active, the file's first (active) member becomes one.</summary>
    private string? EnsureAdmin(List<LegacyMember> members)
    {
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM users WHERE is_admin = 1 AND is_active = 1", transaction: transaction) > 0)
            return null;
        foreach (var member in members)
        {
            var updated = connection.Execute("UPDATE users SET is_admin = 1 WHERE id = @Id AND is_active = 1",
                new { Id = memberIds[member.Name] }, transaction);
            if (updated == 1) return member.Name;
        }
        return null;
    }
}
