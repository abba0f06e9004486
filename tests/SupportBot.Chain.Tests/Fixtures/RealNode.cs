namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>
/// A test that runs real EVM nodes (anvil): skipped, with the reason, where the pinned anvil package cannot install
/// (anything but Linux x64), so a build elsewhere stays green and says what it left out.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealNodeFactAttribute : FactAttribute
{
    public RealNodeFactAttribute()
    {
        if (NpmSetup.UnsupportedPlatform is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>The theory form of <see cref="RealNodeFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealNodeTheoryAttribute : TheoryAttribute
{
    public RealNodeTheoryAttribute()
    {
        if (NpmSetup.UnsupportedPlatform is { } reason)
        {
            Skip = reason;
        }
    }
}
