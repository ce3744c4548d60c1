using System.Globalization;
using System.Text.Json;
using static MovieNight.Migrations.LegacyImport.JsonFields;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Reads a v2 week's <c>votes</c> object, where two writers shared the keys: the web app's
/// <c>{"&lt;nomination id&gt;": {"&lt;member&gt;": true}}</c> and the Telegram bot's
/// <c>{"&lt;member&gt;": [&lt;bot nomination id&gt;, ...]}</c>. The value's type says which one a key is.
/// </summary>
internal sealed class WeekVotesReader(LegacyWeek week, MemberRoster roster, LegacyData data)
{
    private readonly Dictionary<string, LegacyNomination> nominationsById =
        week.Nominations.ToDictionary(n => n.LegacyId, StringComparer.Ordinal);
    private readonly HashSet<(LegacyNomination Nomination, string Member)> seen = [];
    private readonly HashSet<(LegacyNomination Nomination, string Member)> botVoters = [];

    public void Read(JsonElement votes, string path)
    {
        foreach (var property in votes.EnumerateObject())
        {
            var key = Name(property, path);
            var keyPath = Child(path, key);
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    ReadWebVotes(key, property.Value, keyPath);
                    break;
                case JsonValueKind.Array:
                    ReadBotVotes(roster.Resolve(key, keyPath), property.Value, keyPath);
                    break;
                default:
                    throw Unexpected(keyPath, "an object of member votes or an array of bot nomination ids", property.Value);
            }
        }
        CrossCheckBotCounts();
    }

    private void ReadWebVotes(string nominationId, JsonElement voters, string path)
    {
        nominationsById.TryGetValue(nominationId, out var nomination);
        var votesCast = 0;
        foreach (var voter in voters.EnumerateObject())
        {
            var name = Name(voter, path);
            var voterPath = Child(path, name);
            var voted = voter.Value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false, // toggled off in the old app: no vote
                _ => throw Unexpected(voterPath, "true or false", voter.Value),
            };
            if (nomination is null)
            {
                if (voted) votesCast++;
                continue;
            }
            var member = roster.Resolve(name, voterPath);
            if (voted) Add(nomination, member, voterPath);
        }
        if (nomination is null)
            data.Skipped.Add(new SkippedRecord(path,
                $"no nomination with id \"{nominationId}\" in week {week.Id} (left from a withdrawn nomination); " +
                (votesCast == 0 ? "it held no votes" : $"its {votesCast} vote(s) were not imported")));
    }

    private void ReadBotVotes(string member, JsonElement ids, string path)
    {
        var index = 0;
        foreach (var id in ids.EnumerateArray())
        {
            var idPath = Child(path, index++);
            if (id.ValueKind != JsonValueKind.Number) throw Unexpected(idPath, "a number (a bot nomination id)", id);
            if (!id.TryGetInt64(out var number))
                throw new LegacyImportException(idPath, $"expected a whole number (a bot nomination id), found {id.GetRawText()}");
            if (!nominationsById.TryGetValue(number.ToString(CultureInfo.InvariantCulture), out var nomination))
            {
                data.Skipped.Add(new SkippedRecord(idPath, $"no nomination with id {number} in week {week.Id}; {member}'s bot vote not imported"));
                continue;
            }
            botVoters.Add((nomination, member));
            Add(nomination, member, idPath);
        }
    }

    /// <summary>A web and a bot vote (or a repeated id) by one member for one nomination count once.</summary>
    private void Add(LegacyNomination nomination, string member, string path)
    {
        if (!seen.Add((nomination, member)))
        {
            data.Skipped.Add(new SkippedRecord(path,
                $"{member} already voted for \"{nomination.Title}\" (id {nomination.LegacyId}) in week {week.Id}; the vote counts once"));
            return;
        }
        week.Votes.Add(new LegacyVote(nomination, member));
    }

    private void CrossCheckBotCounts()
    {
        foreach (var nomination in week.Nominations)
        {
            if (nomination.BotVoteCount is not { } count) continue;
            var inArrays = botVoters.Count(v => v.Nomination == nomination);
            if (count != inArrays)
                data.Warnings.Add(new SkippedRecord(Child(nomination.JsonPath, "votes"),
                    $"the bot counted {count.ToString(CultureInfo.InvariantCulture)} vote(s) for \"{nomination.Title}\" but the member arrays hold {inArrays}; the {inArrays} from the arrays were imported"));
        }
    }
}
