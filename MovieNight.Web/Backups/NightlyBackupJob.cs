namespace MovieNight.Web.Backups;

/// <summary>The Hangfire job behind the nightly backup. Running it twice only makes one more backup, which pruning removes.</summary>
public sealed class NightlyBackupJob(DatabaseBackups backups)
{
    public const string JobId = "nightly-backup";

    public Task RunAsync() => backups.CreateAsync();
}
