using System.Diagnostics;
using System.Runtime.InteropServices;
using SupportBot.Chain.Tests.Fixtures;
using SupportBot.Core.Content;
using static System.FormattableString;

namespace SupportBot.Bench.Lookup;

/// <summary>
/// Times ChainLookupService across the nine active EVM networks of content/networks.yaml, each an anvil node behind a
/// delay proxy: transaction lookups against the physical floor (the slowest single network's round trips) and a
/// sequential script; a hanging endpoint against the lookup deadline, alone and with a second endpoint to fail over to;
/// token transactions and token-holding addresses in round trips of the slowest network. Targets are printed, never
/// the exit code.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (Settings.Parse(args) is not { } settings)
        {
            await Console.Error.WriteLineAsync(Settings.Usage).ConfigureAwait(false);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            if (stop.IsCancellationRequested)
            {
                return; // a second signal terminates at once (anvil nodes may then survive)
            }

            context.Cancel = true;
            Console.Error.WriteLine($"{Environment.NewLine}{context.Signal}: stopping the anvil nodes… (again to force)");
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            await RunAsync(settings, stop.Token).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Interrupted; all anvil nodes stopped.").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Setup failed or a lookup answered wrongly; the anvil nodes are already stopped.
            await Console.Error.WriteLineAsync($"Benchmark failed: {e}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var content = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));
        var networks = content.Networks.Values.Where(n => n.Active && n.ChainId is not null).ToList();

        var anvil = await NpmSetup.EnsureAnvilAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine("SupportBot multi-chain lookup benchmark");
        foreach (var line in MachineInfo.Describe(await VersionOfAsync(anvil, cancellationToken).ConfigureAwait(false)))
        {
            Console.WriteLine("  " + line);
        }

        Console.WriteLine(Invariant($"  Runs        {settings.Repetitions} timed lookups per layout after {settings.Warmups} warm-ups; {settings.ReferenceRepetitions} runs of each reference"));
        Console.WriteLine();

        var clock = Stopwatch.StartNew();
        await using var testbed = await Testbed.StartAsync(networks, Scenarios.HomeChainId, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(Invariant($"Started {testbed.Chains.Count} anvil nodes in parallel in {clock.Elapsed.TotalSeconds:0.0} s: ")
                          + string.Join(", ", testbed.Chains.Select(c => Invariant($"{c.Key} ({c.ChainId})"))));

        using var plain = new PlainRpc();
        foreach (var chain in testbed.Chains)
        {
            var reported = await plain.ChainIdAsync(chain.Proxy.Url, cancellationToken).ConfigureAwait(false);
            if (reported != chain.ChainId)
            {
                throw new InvalidOperationException(Invariant($"The proxy for {chain.Key} reaches chain {reported}, expected {chain.ChainId}."));
            }
        }

        var scenarios = new Scenarios(content, testbed, plain, settings);
        var results = new List<LayoutResult>();
        foreach (var layout in Scenarios.Layouts(testbed))
        {
            results.Add(await scenarios.MeasureLayoutAsync(layout, cancellationToken).ConfigureAwait(false));
        }

        var hanging = await scenarios.MeasureHangingAsync(cancellationToken).ConfigureAwait(false);
        var failover = await scenarios.MeasureFailoverAsync(cancellationToken).ConfigureAwait(false);
        var tokens = await new TokenScenarios(content, testbed, plain, settings).MeasureAsync(cancellationToken).ConfigureAwait(false);
        Report.Summary(results, hanging, failover, tokens);
        Console.WriteLine(Invariant($"Total time {clock.Elapsed.TotalSeconds:0} s; stopping the anvil nodes."));
    }

    private static async Task<string> VersionOfAsync(string binary, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(binary, "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{binary} did not start.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "unknown";
    }
}
