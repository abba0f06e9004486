using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Bench;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Intents;
using SupportBot.Core.Triage;
using SupportBot.Storage.Redis;
using SupportBot.Storage.Sqlite;

// Prints figures and PASS/MISS against the targets; it never fails, so it can run anywhere without gating anything.
const int Workers = 64;
const double TextShare = 0.2;
var scale = args.Contains("--quick") ? 10 : 1;
int memoryTurns = 200_000 / scale, sqliteTurns = 40_000 / scale, redisTurns = 60_000 / scale, pacedTurns = 20_000 / scale, sequentialTurns = 10_000 / scale;
var idleConversations = 20_000 / scale;
var c = Fmt.Culture;

Console.WriteLine($"SupportBot benchmark{(scale > 1 ? " (--quick: a tenth of the turns)" : "")}");
foreach (var (name, value) in Machine.Describe())
{
    Console.WriteLine($"  {name,-11} {value}");
}

var noise = Machine.WatchNoise();
var catalog = ContentCatalog.Load(Path.Combine(AppContext.BaseDirectory, "content"));
var triage = IntentModelFigures(catalog);
var temp = Path.Combine(Path.GetTempPath(), $"supportbot-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(temp);
try
{
    Console.WriteLine();
    Console.WriteLine($"Turns: {Workers} users at once unless noted, {TextShare:P0} typed text, the rest button presses; after a warm-up.");
    Console.WriteLine("Latency is one HandleAsync call, including any wait for the store's write gate. CPU is the process's");
    Console.WriteLine("CPU time per turn (all threads): steadier than turns/s when other processes share the machine.");
    Console.WriteLine($"  {"run",-34} {"turns",8} {"turns/s",9} {"p50 ms",7} {"p99 ms",7} {"max ms",7} {"CPU µs/turn",11} {"alloc/turn",10} {"GCs 0/1/2",9}");

    var memory = new Workload(Engine(new InMemoryConversationStore(TimeProvider.System)));
    // Tiered JIT with dynamic PGO takes seconds of load before the hot paths run their final code; with only a short
    // warm-up the first figures came out at half the later ones.
    await WarmUp(memory, Workers, 20_000, TextShare, null, TimeSpan.FromSeconds(3));
    var inMemory = await Measure(memory, "in memory", Workers, memoryTurns, TextShare);
    await Measure(memory, "in memory, buttons only", Workers, memoryTurns / 4, 0);
    var typedOnly = await Measure(memory, "in memory, typed text only", Workers, memoryTurns / 4, 1);
    await Measure(memory, "in memory, 1 user", 1, memoryTurns / 4, TextShare);
    // The control for the paced SQLite run: what pacing and the machine alone do to the tail.
    await Measure(memory, "in memory, paced at 2,000 turns/s", Workers, pacedTurns, TextShare, rate: 2_000);

    RunResult sqlite, paced, sequential;
    using (var store = new SqliteConversationStore(new SqliteStoreOptions { Path = Path.Combine(temp, "turns.db") }, TimeProvider.System))
    {
        var onDisk = new Workload(Engine(store));
        sqlite = await Measure(onDisk, "SQLite", Workers, sqliteTurns, TextShare);
        paced = await Measure(onDisk, "SQLite, paced at 2,000 turns/s", Workers, pacedTurns, TextShare, rate: 2_000);
        sequential = await Measure(onDisk, "SQLite, 1 user (sequential)", 1, sequentialTurns, TextShare);
    }

    // Redis, as several instances share it: one connection (StackExchange.Redis multiplexes), AOF with fsync every second.
    RunResult? redis = null, redisPaced = null;
    using (var server = await RedisProcess.StartAsync(Path.Combine(temp, "redis")))
    {
        if (server is null)
        {
            Console.WriteLine("  Redis runs skipped: redis-server is not installed (apt-get install redis-server).");
        }
        else
        {
            await using var redisConnection = new RedisConnection(new RedisStoreOptions { Configuration = $"127.0.0.1:{server.Port}" });
            var shared = new Workload(Engine(new RedisConversationStore(redisConnection, TimeProvider.System)));
            redis = await Measure(shared, "Redis", Workers, redisTurns, TextShare);
            redisPaced = await Measure(shared, "Redis, paced at 2,000 turns/s", Workers, pacedTurns, TextShare, rate: 2_000);
            await Measure(shared, "Redis, 1 user (sequential)", 1, sequentialTurns, TextShare);
        }
    }

    Console.WriteLine();
    Console.WriteLine("Targets");
    Target("in memory ≥ 20,000 turns/s", $"{inMemory.TurnsPerSecond,9:N0}", inMemory.TurnsPerSecond >= 20_000, inMemory.TurnsPerSecond / 20_000, "of target");
    Target("typed text ≥ 20,000 turns/s (model)", $"{typedOnly.TurnsPerSecond,9:N0}", typedOnly.TurnsPerSecond >= 20_000, typedOnly.TurnsPerSecond / 20_000, "of target");
    Target("SQLite ≥ 2,000 turns/s", $"{sqlite.TurnsPerSecond,9:N0}", sqlite.TurnsPerSecond >= 2_000, sqlite.TurnsPerSecond / 2_000, "of target");
    foreach (var (name, run) in new[] { ("SQLite p99 < 5 ms at 2,000 turns/s", paced), ("SQLite p99 < 5 ms, 1 user", sequential) })
    {
        Target(name, $"{run.Percentile(0.99),6:0.00} ms", run.Percentile(0.99) < 5, run.Percentile(0.99) / 5, "the limit");
    }

    if (redis is not null && redisPaced is not null)
    {
        Target("Redis ≥ 5,000 turns/s", $"{redis.TurnsPerSecond,9:N0}", redis.TurnsPerSecond >= 5_000, redis.TurnsPerSecond / 5_000, "of target");
        Target("Redis p99 < 5 ms at 2,000 turns/s", $"{redisPaced.Percentile(0.99),6:0.00} ms", redisPaced.Percentile(0.99) < 5, redisPaced.Percentile(0.99) / 5, "the limit");
    }

    // Saturated, every user always has a message waiting, so latency there is mostly queueing at the single SQLite
    // writer (Little's law), not the cost of a turn: hence the paced and sequential runs for the latency target.
    Console.WriteLine($"  (SQLite saturated with {Workers} users: p99 {sqlite.Percentile(0.99):0.00} ms, of which most is waiting for the writer.)");

    Console.WriteLine();
    Console.WriteLine($"Memory per idle conversation ({idleConversations:N0} conversations of 3 turns each, then idle)");
    var idleStore = new InMemoryConversationStore(TimeProvider.System);
    var idle = new Workload(Engine(idleStore));
    await idle.FillAsync("warm-up", 100, Workers);
    var before = GC.GetTotalMemory(forceFullCollection: true);
    await idle.FillAsync("idle", idleConversations, Workers);
    var after = GC.GetTotalMemory(forceFullCollection: true);
    Console.WriteLine($"  in memory: {(after - before) / (double)idleConversations,8:N0} B  (managed heap growth / conversations; {idleStore.Count:N0} stored)");

    var file = Path.Combine(temp, "idle.db");
    using (var store = new SqliteConversationStore(new SqliteStoreOptions { Path = file }, TimeProvider.System))
    {
        await new Workload(Engine(store)).FillAsync("idle", idleConversations, Workers);
    }

    using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
    connection.Open();
    using var command = connection.CreateCommand();
    // Fold the WAL into the database so the file size is all there is.
    command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); SELECT count(*), avg(length(state)) FROM conversations;";
    using (var reader = command.ExecuteReader())
    {
        reader.NextResult();
        reader.Read();
        var size = new FileInfo(file).Length;
        Console.WriteLine($"  SQLite:    {size / (double)idleConversations,8:N0} B  (file {Fmt.Bytes(size)} / conversations; {reader.GetInt64(0):N0} rows, state JSON {reader.GetDouble(1):N0} B on average; SQLite {connection.ServerVersion})");
    }

    GC.KeepAlive(idleStore);
    Console.WriteLine();
    var (busy, ioStalled) = noise();
    Console.WriteLine(busy is null
        ? "Other processes' CPU use is unknown here (no /proc/stat)."
        : $"Other processes kept {busy:0.00} of {Environment.ProcessorCount} CPUs busy on average meanwhile{(busy > 0.2 ? ": throughput above is understated." : ".")}");
    if (ioStalled is not null)
    {
        // The single SQLite writer waits for the disk at every checkpoint; a disk that stalls shows up in the SQLite tails.
        Console.WriteLine($"Some process was stalled on disk I/O {ioStalled:P1} of the time (/proc/pressure/io){(ioStalled > 0.01 ? ": SQLite tails above are inflated." : ".")}");
    }
}
finally
{
    Directory.Delete(temp, recursive: true);
}

ConversationEngine Engine(IConversationStore store) =>
    new(catalog, triage, store, Options.Create(new ConversationOptions()), TimeProvider.System, NullLogger<ConversationEngine>.Instance);

async Task<RunResult> Measure(Workload workload, string name, int workers, int turns, double textShare, double? rate = null)
{
    // Each run warms up on its own too (a tenth of its turns, at least a second): new code paths, caches, the pool.
    await WarmUp(workload, workers, Math.Max(turns / 10, 1_000), textShare, rate, TimeSpan.FromSeconds(1));
    var run = await workload.RunAsync(name, workers, turns, textShare, rate);
    Console.WriteLine(string.Create(c, $"  {name,-34} {run.Turns,8:N0} {run.TurnsPerSecond,9:N0} {run.Percentile(0.5),7:0.000} {run.Percentile(0.99),7:0.000} {run.MaxMs,7:0.0} {(rate is null ? run.CpuMicrosPerTurn.ToString("0.0", c) : "n/a"),11} {Fmt.Bytes(run.AllocatedBytes / (double)run.Turns),10} {$"{run.Gen0}/{run.Gen1}/{run.Gen2}",9}"));
    return run;
}

async Task WarmUp(Workload workload, int workers, int turns, double textShare, double? rate, TimeSpan atLeast)
{
    var clock = Stopwatch.StartNew();
    do
    {
        await workload.RunAsync("warm-up", workers, turns, textShare, rate);
    }
    while (clock.Elapsed < atLeast);
}

void Target(string name, string actual, bool met, double ratio, string of) =>
    Console.WriteLine(string.Create(c, $"  {name,-38} {actual,12}   {(met ? "PASS" : $"MISS ({ratio:0.00}x {of})")}"));

// The intent model: training from content (what a start-up without a cache pays), loading from the cache (what every
// other start-up pays), and one prediction (what every typed message pays on top of the keyword triage).
static TriageService IntentModelFigures(ContentCatalog catalog)
{
    var cache = Path.Combine(Path.GetTempPath(), $"supportbot-bench-model-{Guid.NewGuid():N}");
    try
    {
        var examples = catalog.Intents.Values.Sum(i => i.Labelled.Count());
        var clock = Stopwatch.StartNew();
        var model = TriageService.TrainedModel(catalog, cache)!;
        var trained = clock.Elapsed;
        var file = Directory.GetFiles(cache).Single();
        clock.Restart();
        using (var stream = File.OpenRead(file))
        {
            _ = IntentModel.Load(stream);
        }

        var loaded = clock.Elapsed;
        var texts = new[] { "вывел юсдт с бинанса а в метамаске пусто", "how do i witdraw usdt from binanse bep20 or erc20", "bridge pending 3 hours", "hi", "kak dobavit bsc v metamask" };
        for (var i = 0; i < 20_000; i++)
        {
            model.Predict(texts[i % texts.Length]);
        }

        const int Predictions = 100_000;
        clock.Restart();
        for (var i = 0; i < Predictions; i++)
        {
            model.Predict(texts[i % texts.Length]);
        }

        var perPrediction = clock.Elapsed.TotalMicroseconds / Predictions;
        var withModel = new TriageService(catalog, model);
        var (triaged, keywordsOnly) = (PerTriage(withModel), PerTriage(new TriageService(catalog, null)));
        Console.WriteLine();
        Console.WriteLine($"Intent model: {catalog.Intents.Count} intents, {examples:N0} examples, {model.Vocabulary.Count:N0} words");
        Console.WriteLine($"  trained in {trained.TotalSeconds:F1} s (start-up without a cache), loaded from the cache in {loaded.TotalMilliseconds:F0} ms, {new FileInfo(file).Length / 1024:N0} KiB on disk");
        Console.WriteLine($"  one prediction {perPrediction:F1} µs (features, typo correction, scores; one thread)");
        Console.WriteLine($"  one typed message triaged in {triaged:F1} µs with the model, {keywordsOnly:F1} µs with keywords alone (secrets, entities, networks, keywords, language; one thread)");
        return withModel;
    }
    finally
    {
        Directory.Delete(cache, recursive: true);
    }
}

// TriageService.Analyze over the messages the simulated users type, averaged: what a typed turn pays before the turn logic.
static double PerTriage(TriageService triage)
{
    var texts = Workload.TypedMessages;
    for (var i = 0; i < 20_000; i++)
    {
        triage.Analyze(texts[i % texts.Count]);
    }

    const int Messages = 100_000;
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < Messages; i++)
    {
        triage.Analyze(texts[i % texts.Count]);
    }

    return clock.Elapsed.TotalMicroseconds / Messages;
}
