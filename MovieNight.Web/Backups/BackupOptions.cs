using System.ComponentModel.DataAnnotations;

namespace MovieNight.Web.Backups;

/// <summary>Section "Backups" (Backups__Keep, Backups__Cron).</summary>
public sealed class BackupOptions
{
    public const string Section = "Backups";

    /// <summary>How many backups to keep; older ones are deleted after each new one.</summary>
    [Range(1, 1000)]
    public int Keep { get; set; } = 14;

    /// <summary>When the nightly backup runs, as a cron expression in the household's time zone.</summary>
    [Required]
    public string Cron { get; set; } = "30 3 * * *";
}
