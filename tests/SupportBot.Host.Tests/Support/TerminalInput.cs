using SupportBot.Host.Console;

namespace SupportBot.Host.Tests.Support;

/// <summary>
/// stdin of a terminal, as the chat sees it: each burst is what arrived at once — one line the user typed and sent
/// with Enter, or a paste of several lines — and the next burst comes only after the chat has read the previous one.
/// </summary>
internal sealed class TerminalInput(params string[] bursts) : TextReader, IWaitingInput
{
    private readonly Queue<Queue<string>> waiting = new(bursts.Select(b => new Queue<string>(b.Split('\n'))));

    /// <summary>True while the burst being read has lines left: they are already in the terminal's buffer.</summary>
    public bool InputWaiting => waiting.TryPeek(out var burst) && burst.Count > 0;

    public override string? ReadLine()
    {
        while (waiting.TryPeek(out var burst))
        {
            if (burst.TryDequeue(out var line))
            {
                return line;
            }

            waiting.Dequeue();
        }

        return null;
    }

    public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ReadLine());

    public override Task<string?> ReadLineAsync() => Task.FromResult(ReadLine());
}
