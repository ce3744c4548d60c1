using Dapper;
using Microsoft.Data.Sqlite;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Migrations;

public sealed class MigratorTests
{
    [Fact]
    public void A_fresh_database_gets_every_script_in_order_with_wal_and_a_journal()
    {
        using var directory = new TempDirectory();
        var connectionString = Sqlite.ConnectionString(directory.File("movienight.db"));

        var applied = new Migrator(connectionString).Migrate();

        Assert.Equal(Migrator.Scripts.Select(s => s.Version), applied.Select(s => s.Version));
        Assert.Equal(applied.Select(s => s.Version).Order(), applied.Select(s => s.Version)); // oldest first
        using var connection = Sqlite.Open(connectionString);
        Assert.Equal(Migrator.Scripts.Select(s => (long)s.Version), connection.Query<long>("SELECT version FROM schema_journal ORDER BY version"));
        Assert.Equal(Migrator.Scripts.Select(s => s.Name), connection.Query<string>("SELECT name FROM schema_journal ORDER BY version"));
        Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
        foreach (var table in new[] { "users", "nominations", "votes", "watch_history", "week_history", "legacy_imports" })
            Assert.Equal(1L, connection.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }));
        Assert.Equal(Migrator.LatestVersion, new Migrator(connectionString).CurrentVersion());
    }

    [Fact]
    public void Every_connection_from_the_pool_enforces_foreign_keys_and_waits_for_a_busy_writer()
    {
        using var directory = new TempDirectory();
        var connectionString = Sqlite.ConnectionString(directory.File("movienight.db"));
        new Migrator(connectionString).Migrate();

        // The pool hands the same handles out again; each must still have the settings (set once per handle).
        for (var i = 0; i < 3; i++)
        {
            using var connection = Sqlite.Open(connectionString);
            Assert.Equal(1L, connection.ExecuteScalar<long>("PRAGMA foreign_keys"));
            Assert.Equal(5000L, connection.ExecuteScalar<long>("PRAGMA busy_timeout"));
            var error = Assert.Throws<SqliteException>(() => connection.Execute(
                "INSERT INTO votes (nomination_id, user_id, week, created_at) VALUES (999, 999, '2026-W01', '2026-01-01T00:00:00.000Z')"));
            Assert.Contains("FOREIGN KEY", error.Message);
        }
    }

    [Fact]
    public void Migrating_an_up_to_date_database_applies_nothing()
    {
        using var directory = new TempDirectory();
        var connectionString = Sqlite.ConnectionString(directory.File("movienight.db"));
        new Migrator(connectionString).Migrate();

        var second = new Migrator(connectionString).Migrate();

        Assert.Empty(second);
        using var connection = Sqlite.Open(connectionString);
        Assert.Equal(Migrator.Scripts.Count, connection.ExecuteScalar<long>("SELECT count(*) FROM schema_journal"));
    }

    [Fact]
    public void A_database_migrated_by_a_newer_version_is_refused_and_left_byte_for_byte()
    {
        using var directory = new TempDirectory();
        var path = directory.File("movienight.db");
        var connectionString = Sqlite.ConnectionString(path);
        new Migrator(connectionString).Migrate();
        using (var connection = Sqlite.Open(connectionString))
            connection.Execute("INSERT INTO schema_journal (version, name, applied_at) VALUES (@Version, 'from_the_future', '2027-01-01T00:00:00.000Z')",
                new { Version = Migrator.LatestVersion + 1 });
        SqliteConnection.ClearAllPools(); // the last connection checkpoints the WAL into the file
        var before = File.ReadAllBytes(path);

        var refused = Assert.Throws<DatabaseRefusedException>(() => new Migrator(connectionString).Migrate());
        SqliteConnection.ClearAllPools();

        Assert.Contains($"schema version {Migrator.LatestVersion + 1}", refused.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Throws<DatabaseRefusedException>(() => new Migrator(connectionString).CurrentVersion());
    }

    [Fact]
    public void A_file_of_garbage_bytes_gives_a_clear_error_and_is_not_changed()
    {
        using var directory = new TempDirectory();
        var path = directory.File("movienight.db");
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 256)).ToArray();
        File.WriteAllBytes(path, garbage);

        var error = Assert.Throws<DatabaseRefusedException>(() => new Migrator(Sqlite.ConnectionString(path)).Migrate());
        SqliteConnection.ClearAllPools();

        Assert.Contains("is not a MovieNight database or it is damaged", error.Message);
        Assert.Contains("not changed", error.Message);
        Assert.Equal(garbage, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_database_from_the_Quartz_days_loses_Quartzs_tables()
    {
        using var directory = new TempDirectory();
        var connectionString = Sqlite.ConnectionString(directory.File("movienight.db"));
        new Migrator(connectionString).Migrate();
        // As the Quartz version left it: without 0009, with Quartz's schedule in the same file (later scripts stay applied).
        using (var connection = Sqlite.Open(connectionString))
            connection.Execute("""
                DELETE FROM schema_journal WHERE version = 9;
                CREATE TABLE QRTZ_JOB_DETAILS (SCHED_NAME NVARCHAR(120) NOT NULL, JOB_NAME NVARCHAR(150) NOT NULL, JOB_GROUP NVARCHAR(150) NOT NULL,
                  PRIMARY KEY (SCHED_NAME, JOB_NAME, JOB_GROUP));
                CREATE TABLE QRTZ_TRIGGERS (SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL,
                  JOB_NAME NVARCHAR(150) NOT NULL, JOB_GROUP NVARCHAR(150) NOT NULL, PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
                  FOREIGN KEY (SCHED_NAME, JOB_NAME, JOB_GROUP) REFERENCES QRTZ_JOB_DETAILS (SCHED_NAME, JOB_NAME, JOB_GROUP));
                CREATE TABLE QRTZ_CRON_TRIGGERS (SCHED_NAME NVARCHAR(120) NOT NULL, TRIGGER_NAME NVARCHAR(150) NOT NULL, TRIGGER_GROUP NVARCHAR(150) NOT NULL,
                  CRON_EXPRESSION NVARCHAR(250) NOT NULL, PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
                  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE);
                CREATE INDEX IDX_QRTZ_T_J ON QRTZ_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
                CREATE TABLE QRTZ_LOCKS (SCHED_NAME NVARCHAR(120) NOT NULL, LOCK_NAME NVARCHAR(40) NOT NULL, PRIMARY KEY (SCHED_NAME, LOCK_NAME));
                INSERT INTO QRTZ_JOB_DETAILS VALUES ('QuartzScheduler', 'close-week', 'weeks');
                INSERT INTO QRTZ_TRIGGERS VALUES ('QuartzScheduler', 'close-week-at-deadline', 'weeks', 'close-week', 'weeks');
                INSERT INTO QRTZ_CRON_TRIGGERS VALUES ('QuartzScheduler', 'close-week-at-deadline', 'weeks', '0 0 18 ? * FRI');
                """);

        var applied = new Migrator(connectionString).Migrate();

        Assert.Contains(applied, script => script.Name == "drop_quartz");
        using var migrated = Sqlite.Open(connectionString);
        Assert.Empty(migrated.Query<string>("SELECT name FROM sqlite_master WHERE name LIKE 'qrtz%'"));
    }
}
