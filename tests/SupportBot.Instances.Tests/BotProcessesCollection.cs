namespace SupportBot.Instances.Tests;

/// <summary>
/// The tests that start several bot processes run one after another: each needs the machine's two cores to itself to
/// say anything about rates and takeovers.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BotProcessesCollection
{
    public const string Name = "bot processes";
}
