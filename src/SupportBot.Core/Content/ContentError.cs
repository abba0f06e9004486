namespace SupportBot.Core.Content;

/// <summary>A problem in a content file, with the place to fix it.</summary>
public sealed record ContentError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>The content tree has errors; the bot does not start on broken content.</summary>
public sealed class ContentValidationException(IReadOnlyList<ContentError> errors)
    : Exception($"Content has {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
{
    public IReadOnlyList<ContentError> Errors { get; } = errors;
}
