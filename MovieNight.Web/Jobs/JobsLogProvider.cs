using Hangfire.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MicrosoftLevel = Microsoft.Extensions.Logging.LogLevel;

namespace MovieNight.Web.Jobs;

/// <summary>
/// Hangfire's log provider is one per process, and Hangfire asks it for loggers all the time (each new
/// storage connection does). Hangfire's own AspNetCore provider throws once its app's logger factory
/// is disposed, which breaks every other app still running in the process (tests host many); this one
/// drops the messages of a disposed app instead.
/// </summary>
internal sealed class JobsLogProvider(ILoggerFactory loggers) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new ForwardedLog(loggers.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new ForwardedLog(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        }
    }

    private sealed class ForwardedLog(ILogger logger) : ILog
    {
        public bool Log(HangfireLevel level, Func<string>? message, Exception? exception = null)
        {
            var to = level switch
            {
                HangfireLevel.Trace => MicrosoftLevel.Trace,
                HangfireLevel.Debug => MicrosoftLevel.Debug,
                HangfireLevel.Info => MicrosoftLevel.Information,
                HangfireLevel.Warn => MicrosoftLevel.Warning,
                HangfireLevel.Error => MicrosoftLevel.Error,
                _ => MicrosoftLevel.Critical,
            };
            // Hangfire asks "is this level on?" with no message.
            if (message is null) return logger.IsEnabled(to);
            logger.Log(to, 0, message(), exception, static (text, _) => text);
            return true;
        }
    }
}
