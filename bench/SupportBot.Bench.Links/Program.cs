using System.Diagnostics;
using SupportBot.Bench;
using SupportBot.Core.Scams;

// Link checks per second against the full phishing list, and the memory the list takes. Prints figures; never fails.
var scale = args.Contains("--quick") ? 10 : 1;
var c = Fmt.Culture;
Console.WriteLine($"SupportBot link-check benchmark{(scale > 1 ? " (--quick: a tenth of the checks)" : "")}");
foreach (var (name, value) in Machine.Describe())
{
    Console.WriteLine($"  {name,-11} {value}");
}

var content = Path.Combine(AppContext.BaseDirectory, "content");
var snapshotPath = Path.Combine(content, LinkRules.SnapshotFileName);
var json = PhishingList.Decompress(File.ReadAllBytes(snapshotPath));

// Memory: what the parsed, indexed list keeps alive (the JSON it came from is garbage after the parse).
var before = GC.GetTotalMemory(forceFullCollection: true);
var clock = Stopwatch.StartNew();
var list = PhishingList.Parse(json);
var parseTime = clock.Elapsed;
var after = GC.GetTotalMemory(forceFullCollection: true);
Console.WriteLine();
Console.WriteLine("The list (content/phishing-list.json.gz, eth-phishing-detect)");
Console.WriteLine($"  entries      {list.BlocklistCount:N0} blocked, {list.AllowlistCount:N0} allowed, {list.Fuzzylist.Count} fuzzy (tolerance {list.Tolerance})");
Console.WriteLine($"  on disk      {Fmt.Bytes(new FileInfo(snapshotPath).Length)} gzip, {Fmt.Bytes(json.Length)} JSON");
Console.WriteLine(string.Create(c, $"  parse+index  {parseTime.TotalMilliseconds:0} ms"));
Console.WriteLine($"  in memory    {Fmt.Bytes(after - before)} (GC.GetTotalMemory before and after the parse)");

var scanner = new LinkScanner(new PhishingListHolder(list), LinkRules.Load(Path.Combine(content, LinkRules.FileName)));

// A realistic mix of hosts: mostly unknown and official sites, some blocklisted, lookalikes, homographs, shorteners.
string[] hosts =
[
    "metamask.io", "support.metamask.io", "www.binance.com", "bscscan.com", "docs.bnbchain.org", "etherscan.io",
    "github.com", "www.google.com", "t.me", "youtube.com", "medium.com", "rpc.my-own-node.example", "app.uniswap.org",
    "metamask-verify.org", "wallet.metamask-verify.org", "verifymetamask.io", "rnetamask.io", "binanse.com", "metamask-io.com",
    "xn--metamsk-lwa.io", "mеtаmаsk.io", "bit.ly", "tinyurl.com", "news.ycombinator.com", "claim-airdrop-bnb.example",
];
// Whole messages: the scan finds the links (plain, markdown, none) and judges each.
string[] messages =
[
    "I sent 0.5 BNB from Binance to MetaMask on BSC and it does not show up, what do I do?",
    "Привет, перевёл USDT с биржи, а в кошельке ничего нет. Что делать?",
    "tx is 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 on bscscan.com",
    "admin said to go to https://metamask-verify.org/sync and enter my phrase, is that ok?",
    "see [MetaMask support](https://support.metamask.io/start/) and https://www.binance.com/en/support/faq/115003670492",
    "[metamask.io](https://wallet-connect-sync.example/restore) <- is this legit?",
    "мне прислали bit.ly/3AbCdEf и rnetamask.io/import, это безопасно?",
    "Официальный сайт: metamásk.io",
    "thanks, it worked!",
    "which network should I pick when withdrawing from Binance, BEP20 or ERC20?",
];
var checks = 400_000 / scale;
Console.WriteLine();
Console.WriteLine($"Checks on one thread after a warm-up; the mix: {hosts.Length} hosts, {messages.Length} messages with {messages.Sum(m => scanner.Scan(m).Links.Count)} links between them.");
Measure("hosts (CheckHost)", checks, i => scanner.CheckHost(hosts[i % hosts.Length]).IsDangerous);

var scans = 200_000 / scale;
Measure("messages (Scan)", scans, i => scanner.Scan(messages[i % messages.Length]).HasDanger);
GC.KeepAlive(list);

void Measure(string name, int count, Func<int, bool> check)
{
    for (var i = 0; i < Math.Min(count, 20_000); i++)
    {
        check(i);
    }

    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var cpu = Environment.CpuUsage.TotalTime;
    var watch = Stopwatch.StartNew();
    var flagged = 0;
    for (var i = 0; i < count; i++)
    {
        flagged += check(i) ? 1 : 0;
    }

    watch.Stop();
    var perSecond = count / watch.Elapsed.TotalSeconds;
    var cpuMicros = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / count;
    var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count;
    Console.WriteLine(string.Create(c, $"  {name,-20} {count,9:N0} checks  {perSecond,12:N0}/s  {cpuMicros,6:0.00} µs CPU each  {Fmt.Bytes(bytes),9} allocated each  ({flagged:N0} flagged)"));
}
