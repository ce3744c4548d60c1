using Microsoft.Data.Sqlite;
using MovieNight.Web.Data;

namespace MovieNight.Web.Weeks;

/// <summary>
/// Lets this process's game writes (votes, nominations, opening and closing) into SQLite one at a
/// time. The write transaction is what keeps the limits; this only keeps our own writers from
/// meeting inside SQLite, where Microsoft.Data.Sqlite retries a busy BEGIN every 150 ms. Queued
/// here instead, a vote waits only for the writes ahead of it, each well under a millisecond.
/// </summary>
public sealed class WeekWriteGate(Db db) : IDisposable
{
    private readonly Db database = db;
    private readonly SemaphoreSlim gate = new(1, 1);
    private SqliteConnection? writer;

    public async Task<Turn> EnterAsync()
    {
        await gate.WaitAsync();
        return new Turn(this);
    }

    public void Dispose()
    {
        writer?.Dispose();
        gate.Dispose();
    }

    /// <summary>One writer's turn; disposing it lets the next one in.</summary>
    public sealed class Turn(WeekWriteGate owner) : IDisposable
    {
        private int released;

        /// <summary>
        /// The gate's own connection, open for the app's lifetime and used by one turn at a time, so
        /// statements prepared on it stay prepared between turns (the hot vote path parses no SQL).
        /// The gate owns it: callers use it inside their turn and never dispose it.
        /// </summary>
        public SqliteConnection Connection => owner.writer ??= owner.database.OpenConnection();

        /// <summary>After a failure on <see cref="Connection"/>: closes it, and the next turn opens a fresh one.</summary>
        public void DiscardConnection()
        {
            var failed = owner.writer;
            owner.writer = null;
            if (failed is null) return;
            // Its SQLite handle must not go back to the pool for a reader to get.
            SqliteConnection.ClearPool(failed);
            failed.Dispose();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) owner.gate.Release();
        }
    }
}
