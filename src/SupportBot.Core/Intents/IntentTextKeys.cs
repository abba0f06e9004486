namespace SupportBot.Core.Intents;

/// <summary>The texts each intent needs in every language (<c>content/locales/*.yaml</c>, section <c>intents</c>).</summary>
public static class IntentTextKeys
{
    /// <summary>"Which of these is it?" — asked when the model is unsure.</summary>
    public const string Question = "intents.clarify";

    /// <summary>The last button of that question.</summary>
    public const string SomethingElse = "intents.something-else";

    /// <summary>The intent's button label in the question (≤ 40 characters).</summary>
    public static string Label(string intent) => $"intents.{intent}.label";

    /// <summary>The vetted answer of an intent that leads to no scenario.</summary>
    public static string Answer(string intent) => $"intents.{intent}.answer";
}
