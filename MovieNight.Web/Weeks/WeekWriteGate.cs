namespace MovieNight.Web.Weeks;

/// <summary>
/// Lets this process's game writes (votes, nominations, opening and closing) into SQLite one at a
/// time. The write transaction is what keeps the limits; this only keeps our own writers from
/// meeting inside SQLite, where Microsoft.Data.Sqlite retries a busy BEGIN every 150 ms. Queued
/// here instead, a vote waits only for the writes ahead of it, each well under a millisecond.
/// </summary>
public sealed class WeekWriteGate
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<IDisposable> EnterAsync()
    {
        await gate.WaitAsync();
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) gate.Release();
        }
    }
}
