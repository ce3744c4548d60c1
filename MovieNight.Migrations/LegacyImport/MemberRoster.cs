namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// The members of the file. With a <c>users</c> section the list is fixed and any other name is an
/// error (it would attach votes or ratings to nobody); without one (v1) the names used in the file
/// are the members, in the order they first appear.
/// </summary>
internal sealed class MemberRoster
{
    private readonly Dictionary<string, LegacyMember> byName = new(StringComparer.Ordinal);

    public List<LegacyMember> Members { get; } = [];

    /// <summary>True once a users section was read: names are then checked, not collected.</summary>
    public bool IsDeclared { get; private set; }

    public void Declare(LegacyMember member)
    {
        IsDeclared = true;
        CheckName(member.Name, member.JsonPath);
        // Duplicate keys were rejected while parsing, so a name can only be declared once.
        byName.Add(member.Name, member);
        Members.Add(member);
    }

    /// <summary>Accepts a name used by a vote, nomination or rating; returns it unchanged.</summary>
    public string Resolve(string name, string path)
    {
        if (byName.ContainsKey(name)) return name;
        if (IsDeclared)
            throw new LegacyImportException(path, $"expected a member listed in $.users, found \"{name}\", who is not one");
        CheckName(name, path);
        var member = new LegacyMember(name, Icon: null, Pin: null, path);
        byName.Add(name, member);
        Members.Add(member);
        return name;
    }

    private static void CheckName(string name, string path)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new LegacyImportException(path, "expected a member name, found an empty name");
        // Names are how the file links votes and ratings to members, so a long one is refused rather than cut (two could become one).
        if (name.Trim().Length > FieldLimits.NameMaxLength)
            throw new LegacyImportException(path, $"expected a name of at most {FieldLimits.NameMaxLength} characters (as the profile form allows), found {name.Trim().Length}: \"{name}\"");
    }
}
