namespace MovieNight.Web.Household;

/// <summary>A household member as the pages see them (never their PIN hash).</summary>
public sealed record Member
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Icon { get; init; } = MemberRules.DefaultIcon;
    public bool IsAdmin { get; init; }
    public bool IsActive { get; init; }
    public bool HasPin { get; init; }
    public string SecurityStamp { get; init; } = "";
}
