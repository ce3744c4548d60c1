namespace MovieNight.Web.Trakt;

/// <summary>At start: loads (or creates) the token vault's key, so a bad key file stops the app before it serves anyone.</summary>
internal sealed class TraktStartup(TokenVault vault, ILogger<TraktStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (vault.Key.CreatedNow)
            logger.LogWarning("Created {KeyFile} to encrypt Trakt tokens (TRAKT_ENCRYPTION_KEY is not set). Back it up with the database: without it every member links Trakt again",
                vault.Key.FilePath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
