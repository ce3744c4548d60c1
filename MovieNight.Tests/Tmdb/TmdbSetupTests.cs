using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Tmdb;
using Dapper;

namespace MovieNight.Tests.Tmdb;

/// <summary>Configuration, image URLs and the schema: the parts that need no TMDB traffic.</summary>
public sealed class TmdbSetupTests
{
    private static ServiceProvider Services(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddLogging().AddTmdb(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Environment_credentials_win_over_the_Tmdb_section_and_lose_stray_whitespace()
    {
        using var services = Services(("Tmdb:ApiKey", "from-appsettings"), ("TMDB_API_KEY", " from-env\n"));

        var options = services.GetRequiredService<IOptions<TmdbOptions>>().Value;

        Assert.Equal("from-env", options.ApiKey);
        Assert.True(options.IsConfigured);
    }

    [Fact]
    public async Task Nothing_configured_means_TMDB_is_not_configured_and_the_defaults_point_at_TMDB()
    {
        using var services = Services();

        var options = services.GetRequiredService<IOptions<TmdbOptions>>().Value;

        Assert.False(await services.GetRequiredService<TmdbCredentials>().IsConfiguredAsync());
        Assert.Equal("https://api.themoviedb.org/3", options.ApiBaseUrl);
        Assert.Equal("https://image.tmdb.org/t/p/", options.ImageBaseUrl);
    }

    [Fact]
    public void A_base_url_that_is_not_http_is_refused_at_start_up()
    {
        using var services = Services(("Tmdb:ApiBaseUrl", "api.themoviedb.org/3"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Tmdb__ApiBaseUrl 'api.themoviedb.org/3' is not an http(s) URL", error.Message);
    }

    [Fact]
    public void Poster_and_backdrop_urls_join_the_image_base_a_size_and_the_path()
    {
        using var services = Services();
        var images = services.GetRequiredService<TmdbImages>();

        Assert.Equal("https://image.tmdb.org/t/p/w342/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg", images.PosterUrl("/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg"));
        Assert.Equal("https://image.tmdb.org/t/p/w185/a.jpg", images.PosterUrl("/a.jpg", TmdbImages.PosterSmall));
        Assert.Equal("https://image.tmdb.org/t/p/w780/b.jpg", images.BackdropUrl("/b.jpg"));
        Assert.Null(images.PosterUrl(null));
        Assert.Null(images.PosterUrl(""));
        Assert.Throws<ArgumentException>(() => images.PosterUrl("/a.jpg", "w999"));
    }

    [Theory]
    [InlineData("  The   Matrix ", "the matrix")]
    [InlineData("AMÉLIE", "amélie")]
    [InlineData("\t\n", "")]
    public void Queries_are_normalized_before_caching_and_sending(string query, string normalized) =>
        Assert.Equal(normalized, TmdbClient.NormalizeQuery(query));

    [Fact]
    public async Task The_app_database_has_the_movies_table()
    {
        using var app = new MovieNightApp();

        await using var connection = app.Db.OpenConnection();

        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM movies"));
    }

    [Fact]
    public async Task The_fake_TMDB_answers_configuration_and_pages_like_TMDB()
    {
        await using var fake = await FakeTmdbServer.StartAsync();
        using var http = new HttpClient();

        var configuration = await http.GetStringAsync($"{fake.BaseUrl}/configuration?api_key={FakeTmdbServer.ApiKey}");
        var pageTwo = await http.GetStringAsync($"{fake.BaseUrl}/search/movie?query=the&page=2&api_key={FakeTmdbServer.ApiKey}");
        var unauthorized = await http.GetAsync($"{fake.BaseUrl}/search/movie?query=the");

        Assert.Contains("\"secure_base_url\":\"https://image.tmdb.org/t/p/\"", configuration);
        Assert.Contains("\"page\":2,\"results\":[]", pageTwo);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Contains("\"status_code\":7", await unauthorized.Content.ReadAsStringAsync());
        Assert.StartsWith("http://127.0.0.1:", fake.BaseUrl);
    }
}
