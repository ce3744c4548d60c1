using System.Globalization;

namespace MovieNight.Web.Movies;

/// <summary>
/// A member's rating, stored 1 to 10 as Trakt rates, shown as half-stars out of 5 as the old app
/// showed its 1–5 stars (so an imported 4★, stored as 8, shows as 4 stars again).
/// </summary>
public readonly record struct StarRating
{
    public const int Lowest = 1;
    public const int Highest = 10;

    public StarRating(int value)
    {
        if (value is < Lowest or > Highest)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"A rating is {Lowest} to {Highest}.");
        Value = value;
    }

    public int Value { get; }

    /// <summary>"3.5" for 7: the stars out of 5 as a number.</summary>
    public string Stars => (Value / 2.0).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>"★★★½☆" for 7: a full star per 2 points, ½ for an odd point, hollow stars up to 5.</summary>
    public string Glyphs => new string('★', Value / 2) + (Value % 2 == 1 ? "½" : "") + new string('☆', (Highest - Value) / 2);

    /// <summary>What a screen reader says instead of the glyphs: "3.5 out of 5 stars".</summary>
    public string Label => $"{Stars} out of 5 stars";

    /// <summary>The choice in the rating picker: "3.5 stars", "1 star".</summary>
    public string Choice => Value == 2 ? "1 star" : $"{Stars} stars";

    public static StarRating? From(int? value) => value is >= Lowest and <= Highest ? new StarRating(value.Value) : null;
}
