using System.Text;

namespace SupportBot.Host.Cli;

/// <summary>One line of input, or the note that it was longer than allowed (its text then is not kept).</summary>
internal readonly record struct BoundedLine(string Text, bool TooLong);

/// <summary>
/// Reads lines from a <see cref="TextReader"/> without ever holding more than <c>maxLength</c> characters of one: a
/// longer line is read to its end and dropped. Returns each line as soon as its end arrives, so a caller can answer it
/// before the next one is written.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxLength)
{
    private readonly char[] buffer = new char[4096];
    private readonly StringBuilder line = new();
    private int position;
    private int length;

    /// <summary>The next line without its line end (<c>\n</c> or <c>\r\n</c>), or null at the end of the input.</summary>
    public async Task<BoundedLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        line.Clear();
        var tooLong = false;
        var started = false;
        while (true)
        {
            if (position == length)
            {
                position = 0;
                length = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
                if (length == 0)
                {
                    return started ? Finish(tooLong) : null;
                }
            }

            started = true;
            var available = buffer.AsSpan(position, length - position);
            var end = available.IndexOf('\n');
            var part = end < 0 ? available : available[..end];
            position += end < 0 ? available.Length : end + 1;

            // One character more than the limit is allowed for a '\r' before the '\n'.
            if (!tooLong && line.Length + part.Length > maxLength + 1)
            {
                tooLong = true;
                line.Clear();
            }

            if (!tooLong)
            {
                line.Append(part);
            }

            if (end >= 0)
            {
                return Finish(tooLong);
            }
        }
    }

    private BoundedLine Finish(bool tooLong)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line.Length--;
        }

        return tooLong || line.Length > maxLength ? new BoundedLine("", TooLong: true) : new BoundedLine(line.ToString(), TooLong: false);
    }
}
