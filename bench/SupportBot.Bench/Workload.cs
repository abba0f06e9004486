using System.Diagnostics;
using SupportBot.Core.Conversations;
using SupportBot.Core.Messages;

namespace SupportBot.Bench;

/// <summary>One measured run: its sorted latencies (Stopwatch ticks), CPU time, allocations and collections.</summary>
internal sealed record RunResult(int Turns, TimeSpan Elapsed, TimeSpan CpuTime, long[] SortedTicks, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    public double TurnsPerSecond => Turns / Elapsed.TotalSeconds;

    /// <summary>Process CPU time (JIT and GC threads included) per turn: steadier than turns/s on a shared machine.</summary>
    public double CpuMicrosPerTurn => CpuTime.TotalMicroseconds / Turns;

    public double Percentile(double p) => Ms(SortedTicks[(int)Math.Round(p * (SortedTicks.Length - 1))]);

    public double MaxMs => Ms(SortedTicks[^1]);

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>
/// Simulated users: each worker owns one conversation and walks the scenarios the way a person does — "/start", then
/// presses one of the buttons it was just shown (random, fixed seed), back to the menu at a terminal step, and now
/// and then types something instead of pressing.
/// </summary>
internal sealed class Workload(ConversationEngine engine)
{
    private static readonly string[] Typed = BuildTypedMessages();

    /// <summary>What the simulated users type instead of pressing a button.</summary>
    public static IReadOnlyList<string> TypedMessages => Typed;

    /// <summary>
    /// Runs <paramref name="turns"/> turns spread over <paramref name="workers"/> concurrent conversations, as fast as
    /// they go, or paced to <paramref name="rate"/> turns per second in total.
    /// </summary>
    public async Task<RunResult> RunAsync(string tag, int workers, int turns, double textShare, double? rate = null)
    {
        var latencies = new long[turns];
        var next = -1;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var (gen0, gen1, gen2, allocated) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: true));
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var user = new SimulatedUser($"{tag}-{w}", w % 4 == 3 ? "ru" : "en", new Random(w), textShare);
            // One shared budget rather than turns/workers each, so all workers stay busy until the very end.
            for (var i = Interlocked.Increment(ref next); i < turns; i = Interlocked.Increment(ref next))
            {
                if (rate is { } r && TimeSpan.FromSeconds(i / r) - clock.Elapsed is { Ticks: > 0 } due)
                {
                    await Task.Delay(due).ConfigureAwait(false);
                }

                var message = user.NextMessage();
                var start = Stopwatch.GetTimestamp();
                var result = await engine.HandleAsync(message, CancellationToken.None).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetTimestamp() - start;
                user.Read(result);
                // Messages of different users arrive interleaved; yielding lets every conversation make progress.
                if (workers > 1)
                {
                    await Task.Yield();
                }
            }
        }))).ConfigureAwait(false);
        clock.Stop();
        var (cpuTime, allocatedBytes) = (Environment.CpuUsage.TotalTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        Array.Sort(latencies);
        return new RunResult(turns, clock.Elapsed, cpuTime, latencies, allocatedBytes,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
    }

    /// <summary>Creates <paramref name="conversations"/> conversations of three turns each (start, two presses).</summary>
    public async Task FillAsync(string tag, int conversations, int workers)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var c = Interlocked.Increment(ref next); c < conversations; c = Interlocked.Increment(ref next))
            {
                var user = new SimulatedUser($"{tag}-{c}", c % 4 == 3 ? "ru" : "en", new Random(c), textShare: 0);
                for (var turn = 0; turn < 3; turn++)
                {
                    user.Read(await engine.HandleAsync(user.NextMessage(), CancellationToken.None).ConfigureAwait(false));
                }
            }
        }))).ConfigureAwait(false);
    }

    // What users type instead of pressing: questions in either language, a greeting, pasted transaction hashes.
    private static string[] BuildTypedMessages()
    {
        var random = new Random(42);
        string Hash()
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            return "0x" + Convert.ToHexStringLower(bytes);
        }

        return
        [
            "I withdrew USDT from Binance but don't see it",
            "не вижу токены",
            "sent BNB from BSC to Ethereum, it never arrived",
            "where are my tokens?",
            "hello",
            Hash(),
            "here is my tx " + Hash(),
        ];
    }

    private sealed class SimulatedUser(string id, string locale, Random random, double textShare)
    {
        private IReadOnlyList<ChoiceButton> shown = [];

        public InboundMessage NextMessage()
        {
            var message = new InboundMessage { Channel = "bench", ConversationId = id, UserId = id, Locale = locale };
            if (shown.Count == 0)
            {
                return message with { Text = "/start" };
            }

            if (random.NextDouble() < textShare)
            {
                return message with { Text = Typed[random.Next(Typed.Length)] };
            }

            // Walk the scenario; navigation buttons aside, a step without choices is terminal: back to the menu.
            var choices = shown.Where(b => b.Payload.StartsWith("c:", StringComparison.Ordinal)).ToList();
            return message with { Payload = choices.Count > 0 ? choices[random.Next(choices.Count)].Payload : ChoicePayload.Command("menu") };
        }

        public void Read(TurnResult result) =>
            shown = result.Replies.LastOrDefault(r => r.Choices.Count > 0)?.Choices ?? [new ChoiceButton("menu", ChoicePayload.Command("menu"))];
    }
}
