using System.Text;

namespace SupportBot.Host.Console;

/// <summary>An input that can tell whether more of it has already arrived, as a terminal can after a paste.</summary>
public interface IWaitingInput
{
    /// <summary>True when more input is already waiting to be read (reading it would not wait for the user).</summary>
    bool InputWaiting { get; }
}

/// <summary>
/// Turns the lines of the console into messages. A phrase pasted over several lines is one message, so the secret
/// guard sees all of it at once: lines that had already arrived when a line was read join it (a terminal delivers a
/// paste in one go, while a person types one line at a time), and a bracketed paste (<c>ESC[200~</c> …
/// <c>ESC[201~</c>) is one message however it arrives.
/// </summary>
public sealed class ConsoleInput(TextReader reader, Func<bool> inputWaiting)
{
    private const string PasteStart = "\u001b[200~";
    private const string PasteEnd = "\u001b[201~";

    /// <summary>Input that can tell when more of it is waiting: a terminal, or an <see cref="IWaitingInput"/>.</summary>
    public static ConsoleInput For(TextReader reader) => new(reader, reader switch
    {
        IWaitingInput waiting => () => waiting.InputWaiting,
        _ when ReferenceEquals(reader, System.Console.In) && !System.Console.IsInputRedirected => TerminalInputWaiting,
        // A script or a pipe: every line is a message.
        _ => () => false,
    });

    /// <summary>The next message (its lines joined with <c>\n</c>), or null at the end of the input.</summary>
    public async Task<string?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var line = await reader.ReadLineAsync(cancellationToken);
        if (line is null)
        {
            return null;
        }

        var message = new StringBuilder();
        var inPaste = Append(message, line, inPaste: false);
        while (inPaste || inputWaiting())
        {
            line = await reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                break;
            }

            message.Append('\n');
            inPaste = Append(message, line, inPaste);
        }

        return message.ToString();
    }

    /// <summary>Appends <paramref name="line"/> without paste markers; returns whether a bracketed paste is still open.</summary>
    private static bool Append(StringBuilder message, string line, bool inPaste)
    {
        var at = 0;
        while (true)
        {
            var start = line.IndexOf(PasteStart, at, StringComparison.Ordinal);
            var end = line.IndexOf(PasteEnd, at, StringComparison.Ordinal);
            var next = start < 0 ? end : end < 0 ? start : Math.Min(start, end);
            if (next < 0)
            {
                message.Append(line, at, line.Length - at);
                return inPaste;
            }

            message.Append(line, at, next - at);
            inPaste = next == start;
            at = next + PasteStart.Length;
        }
    }

    private static bool TerminalInputWaiting()
    {
        try
        {
            return System.Console.KeyAvailable;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
