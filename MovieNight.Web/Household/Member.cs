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
    /// <summary>A profile that signs in with a tap (a child's); it is never an admin.</summary>
    public bool NoPin { get; init; }
    public string SecurityStamp { get; init; } = "";
}
