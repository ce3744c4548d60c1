using System.Globalization;
using System.Text.Json;
using static MovieNight.Migrations.LegacyImport.JsonFields;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Reads one nomination in any of its shapes: the web app's (string id, tmdbId, posterPath, ...),
/// the Telegram bot's (numeric id = TMDB id, poster URL, vote count) and v1's movies.
/// </summary>
internal static class NominationReader
{
    // The bot stored full w500 poster URLs; MovieNight stores TMDB's path and picks the size itself.
    private const string TmdbImageBase = "https://image.tmdb.org/t/p/";

    public static LegacyNomination Read(JsonElement element, string path, MemberRoster roster, List<SkippedRecord> warnings, bool v1 = false)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Unexpected(path, "an object (a nomination)", element);

        var (legacyId, fromBot) = ReadId(element, path);
        var tmdbId = OptionalWholeNumber(element, "tmdbId", path);
        if (tmdbId is null)
        {
            if (!fromBot)
                throw new LegacyImportException(Child(path, "tmdbId"),
                    "expected a number (the TMDB id), found nothing; without it the movie cannot be identified");
            tmdbId = long.Parse(legacyId, CultureInfo.InvariantCulture);
        }
        if (tmdbId <= 0)
            throw new LegacyImportException(Child(path, fromBot && !element.TryGetProperty("tmdbId", out _) ? "id" : "tmdbId"),
                $"expected a positive TMDB id, found {tmdbId}");

        var rating = OptionalNumber(element, "rating", path);
        return new LegacyNomination
        {
            LegacyId = legacyId,
            JsonPath = path,
            FromBot = fromBot,
            TmdbId = tmdbId.Value,
            Title = ReadTitle(element, path, warnings),
            Year = ReadYear(element, path, warnings),
            ImdbId = OptionalText(element, "imdbId", path),
            PosterPath = OptionalText(element, "posterPath", path) ?? ReadPosterUrl(element, path, warnings),
            BackdropPath = OptionalText(element, "backdropPath", path),
            Overview = OptionalText(element, "overview", path),
            // TMDB reports 0 for a movie nobody has rated yet: that is "unknown", not a score.
            Rating = rating is 0 ? null : rating,
            ProposedBy = roster.Resolve(RequiredText(element, "proposedBy", path, "the name of the member who nominated it"), Child(path, "proposedBy")),
            ProposedAt = ReadInstant(element, "proposedAt", path),
            BotVoteCount = v1 ? null : ReadBotVoteCount(element, path),
            Watched = v1 && OptionalBoolean(element, "watched", path),
            Ratings = ReadRatings(element, path, roster),
        };
    }

    private static (string Id, bool FromBot) ReadId(JsonElement element, string path)
    {
        var idPath = Child(path, "id");
        if (!TryGet(element, "id", out var id))
            throw new LegacyImportException(idPath, "expected a string or number (the nomination id), found nothing");
        switch (id.ValueKind)
        {
            case JsonValueKind.String:
                var text = Text(id, idPath);
                if (text.Length == 0) throw new LegacyImportException(idPath, "expected a nomination id, found an empty string");
                return (text, false);
            case JsonValueKind.Number when id.TryGetInt64(out var number):
                return (number.ToString(CultureInfo.InvariantCulture), true);
            case JsonValueKind.Number:
                throw new LegacyImportException(idPath, $"expected a whole number (the bot's TMDB id), found {id.GetRawText()}");
            default:
                throw Unexpected(idPath, "a string or number (the nomination id)", id);
        }
    }

    /// <summary>The title as the nomination form would take it: one line, at most 200 characters; a change is reported.</summary>
    private static string ReadTitle(JsonElement element, string path, List<SkippedRecord> warnings)
    {
        var title = RequiredText(element, "title", path, "the movie's title");
        var fitted = FieldLimits.OneLineTitle(title);
        if (fitted.Length == 0) throw new LegacyImportException(Child(path, "title"), "expected the movie's title, found an empty string");
        if (fitted != title.Trim())
            warnings.Add(new SkippedRecord(Child(path, "title"), $"longer than {FieldLimits.TitleMaxLength} characters or on several lines; imported as \"{fitted}\""));
        return fitted;
    }

    private static string? ReadYear(JsonElement element, string path, List<SkippedRecord> warnings)
    {
        if (!TryGet(element, "year", out var year)) return null;
        var yearPath = Child(path, "year");
        if (year.ValueKind == JsonValueKind.Number && year.TryGetInt32(out var number) && number is >= 1000 and <= 9999)
            return number.ToString(CultureInfo.InvariantCulture);
        if (year.ValueKind == JsonValueKind.Number)
        {
            warnings.Add(new SkippedRecord(yearPath, $"not a four-digit year ({year.GetRawText()}); imported without a year"));
            return null;
        }
        var text = Text(year, yearPath);
        // The old app wrote "N/A" for a movie without a release date: an unknown year.
        if (text is "" or "N/A") return null;
        if (FieldLimits.IsYear(text)) return text.Trim();
        warnings.Add(new SkippedRecord(yearPath, $"not a four-digit year (\"{text}\"); imported without a year"));
        return null;
    }

    private static string? ReadPosterUrl(JsonElement element, string path, List<SkippedRecord> warnings)
    {
        var url = OptionalText(element, "poster", path);
        if (url is null) return null;
        if (url.StartsWith(TmdbImageBase, StringComparison.Ordinal))
        {
            // ".../t/p/w500/x.jpg" → "/x.jpg", whatever size the URL asked for.
            var sizeAndPath = url[TmdbImageBase.Length..];
            var slash = sizeAndPath.IndexOf('/');
            if (slash > 0 && slash < sizeAndPath.Length - 1) return sizeAndPath[slash..];
        }
        warnings.Add(new SkippedRecord(Child(path, "poster"), $"not a TMDB image URL (\"{url}\"); the nomination was imported without a poster"));
        return null;
    }

    private static DateTimeOffset? ReadInstant(JsonElement element, string name, string path)
    {
        var text = OptionalText(element, name, path);
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
            return instant;
        throw new LegacyImportException(Child(path, name),
            $"expected a date and time such as \"2026-02-14T20:01:02.000Z\", found \"{text}\"");
    }

    private static double? ReadBotVoteCount(JsonElement element, string path)
    {
        // Only the bot wrote a number here; the web app kept votes beside the nominations.
        if (!TryGet(element, "votes", out var votes)) return null;
        if (votes.ValueKind != JsonValueKind.Number) throw Unexpected(Child(path, "votes"), "a number (the bot's vote count)", votes);
        return votes.GetDouble();
    }

    private static List<LegacyRating> ReadRatings(JsonElement element, string path, MemberRoster roster)
    {
        var ratings = new List<LegacyRating>();
        var ratingsObject = OptionalObject(element, "ratings", path);
        if (ratingsObject is null) return ratings;
        var ratingsPath = Child(path, "ratings");
        foreach (var property in ratingsObject.Value.EnumerateObject())
        {
            var name = Name(property, ratingsPath);
            var ratingPath = Child(ratingsPath, name);
            var member = roster.Resolve(name, ratingPath);
            ratings.Add(new LegacyRating(member, ReadStars(property.Value, ratingPath), ratingPath));
        }
        return ratings;
    }

    private static int ReadStars(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var stars) && stars is >= 1 and <= 5)
            return stars;
        var found = value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? Describe(value) : value.GetRawText();
        throw new LegacyImportException(path, $"expected a whole number of stars from 1 to 5, found {found}");
    }
}
