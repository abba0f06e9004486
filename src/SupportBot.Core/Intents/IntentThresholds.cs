namespace SupportBot.Core.Intents;

/// <summary>
/// When the model's answer is clear enough to act on. Below either bar the bot asks ("Is this about …?") with the
/// likeliest intents as choices: a question costs the user one tap, a confident wrong route costs their trust.
/// </summary>
public sealed record IntentThresholds
{
    /// <summary>
    /// The best intent needs at least this confidence. With ~300 examples per intent the model is sure more often;
    /// on the development set 0.6 trades a quarter of the confident wrong routes for two points more questions.
    /// </summary>
    public float MinConfidence { get; init; } = 0.6f;

    /// <summary>…and this lead over the second.</summary>
    public float MinMargin { get; init; } = 0.2f;

    /// <summary>How many intents a clarifying question offers (besides "something else").</summary>
    public int ChoicesWhenUnsure { get; init; } = 3;

    public static IntentThresholds Default { get; } = new();

    /// <summary>True when <paramref name="ranked"/> (best first) is not clear enough to act on.</summary>
    public bool IsUnsure(IReadOnlyList<IntentScore> ranked) =>
        ranked.Count > 0 && (ranked[0].Confidence < MinConfidence || (ranked.Count > 1 && ranked[0].Confidence - ranked[1].Confidence < MinMargin));
}
