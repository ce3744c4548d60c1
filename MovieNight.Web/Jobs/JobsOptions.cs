using System.ComponentModel.DataAnnotations;

namespace MovieNight.Web.Jobs;

/// <summary>
/// The "Jobs" configuration section (Jobs__WorkerCount, ...). A household's server has a core or two
/// and a handful of jobs a week, so few workers and unhurried polling; tests shorten the intervals.
/// </summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Jobs that may run at once.</summary>
    [Range(1, 20)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>How often an idle worker looks in jobs.db for a queued job (one small query): a member's "Sync now" starts within it.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the server looks for recurring jobs that are due and delayed jobs (retries) to queue.</summary>
    public TimeSpan SchedulePollInterval { get; set; } = TimeSpan.FromSeconds(15);
}
