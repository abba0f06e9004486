namespace SupportBot.Instances.Tests.Support;

/// <summary>How the answers a chat got compare with the answers it was owed.</summary>
internal static class Answers
{
    /// <summary>
    /// The most messages one instance can have on their way to Telegram when it dies: one second of the bot's budget.
    /// Each may be sent again by the instance that takes the chat over, as nobody can know whether it arrived.
    /// </summary>
    public const int MostInFlight = 30;

    /// <summary>Exactly what was owed (0), the same with one message sent twice in a row (1), or anything else (null).</summary>
    public static int? Repeats(IReadOnlyList<string> got, IReadOnlyList<string> owed)
    {
        if (got.SequenceEqual(owed))
        {
            return 0;
        }

        if (got.Count != owed.Count + 1)
        {
            return null;
        }

        for (var i = 0; i + 1 < got.Count; i++)
        {
            if (got[i] == got[i + 1] && got.Take(i).Concat(got.Skip(i + 1)).SequenceEqual(owed))
            {
                return 1;
            }
        }

        return null;
    }

    public static string Describe(IEnumerable<string> answers) => string.Join("\n---\n", answers);
}
