using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Scams;

namespace SupportBot.Host.Composition;

/// <summary>Where the phishing list comes from and how often, section <c>Scams</c>.</summary>
public sealed class PhishingListOptions
{
    public const string Section = "Scams";

    /// <summary>
    /// The eth-phishing-detect list to download (JSON, gzip or not); empty turns the refresh off and the shipped snapshot
    /// (or the last good download) is used. Lookups never leave the machine: only this list is fetched.
    /// </summary>
    public string PhishingListUrl { get; set; } = "https://raw.githubusercontent.com/MetaMask/eth-phishing-detect/main/src/config.json";

    /// <summary>How often the list is downloaded again; the first try is at start-up.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00", ErrorMessage = "Scams:RefreshInterval must be between 00:05:00 and 7.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Where the last good download is kept (gzip), so a restart without network still has it.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Scams:CachePath must name a file")]
    public string CachePath { get; set; } = "data/phishing-list.json.gz";

    /// <summary>A download larger than this (before or after decompression) is refused.</summary>
    [Range(1024, 512L << 20, ErrorMessage = "Scams:MaxDownloadBytes must be between 1024 and 536870912")]
    public long MaxDownloadBytes { get; set; } = 64 << 20;

    /// <summary>
    /// A list whose blocklist has fewer entries than this share of the shipped snapshot's is refused as truncated or
    /// wrong, and the old one kept.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Scams:MinimumShareOfSnapshot must be between 0 and 1")]
    public double MinimumShareOfSnapshot { get; set; } = 0.5;
}

/// <summary>What one refresh did.</summary>
public enum PhishingListRefreshOutcome
{
    /// <summary>The new list is in use and cached on disk.</summary>
    Replaced,

    /// <summary>Downloaded but not a plausible list (does not parse, too small, too large): the old one stays.</summary>
    Rejected,

    /// <summary>The download failed (network, HTTP status): the old one stays.</summary>
    Failed,

    /// <summary>No URL is configured.</summary>
    Disabled,
}

/// <summary>The list at start-up: the cached download when it is valid, else the shipped snapshot.</summary>
public static class PhishingListStartup
{
    /// <summary>
    /// Loads the snapshot, then prefers the cache when it parses and is not implausibly small; the holder also keeps the
    /// floor a downloaded list must reach (<see cref="PhishingListOptions.MinimumShareOfSnapshot"/> of the snapshot).
    /// </summary>
    /// <param name="snapshotPath">The gzip snapshot shipped in the content folder.</param>
    /// <param name="options">The cache path and the plausibility share.</param>
    /// <param name="logger">Says which one is used and why.</param>
    public static PhishingListHolder Load(string snapshotPath, PhishingListOptions options, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var snapshot = PhishingList.Load(snapshotPath);
        var minimum = (int)Math.Ceiling(snapshot.BlocklistCount * options.MinimumShareOfSnapshot);
        if (File.Exists(options.CachePath))
        {
            try
            {
                var cached = PhishingList.Parse(PhishingList.Decompress(File.ReadAllBytes(options.CachePath), options.MaxDownloadBytes));
                if (cached.BlocklistCount >= minimum)
                {
                    logger.LogDebug("Phishing list: the cached download, {Count} blocked domains", cached.BlocklistCount);
                    return new PhishingListHolder(cached, minimum);
                }

                logger.LogWarning("Phishing list cache {Path} holds only {Count} blocked domains; using the shipped snapshot", options.CachePath, cached.BlocklistCount);
            }
            catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Phishing list cache {Path} cannot be read; using the shipped snapshot", options.CachePath);
            }
        }

        logger.LogDebug("Phishing list: the shipped snapshot, {Count} blocked domains", snapshot.BlocklistCount);
        return new PhishingListHolder(snapshot, minimum);
    }
}

/// <summary>
/// Downloads the phishing list now and then; a list replaces the one in use only when it parses and is not implausibly
/// small, and it is written to the cache first (atomically), so a broken download never costs the old list.
/// </summary>
public sealed class PhishingListRefreshService(PhishingListHolder holder, IHttpClientFactory http,
    IOptions<PhishingListOptions> options, TimeProvider time, ILogger<PhishingListRefreshService> logger) : BackgroundService
{
    public const string HttpClientName = "phishing-list";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.PhishingListUrl))
        {
            logger.LogInformation("Scams:PhishingListUrl is empty: the phishing list is not refreshed");
            return;
        }

        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        try
        {
            do
            {
                await RefreshOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One download, check and swap.</summary>
    internal async Task<PhishingListRefreshOutcome> RefreshOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!Uri.TryCreate(settings.PhishingListUrl, UriKind.Absolute, out var url))
        {
            return PhishingListRefreshOutcome.Disabled;
        }

        byte[] body;
        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Phishing list download from {Host} answered HTTP {Status}; keeping the current list", url.Host, (int)response.StatusCode);
                return PhishingListRefreshOutcome.Failed;
            }

            if (response.Content.Headers.ContentLength > settings.MaxDownloadBytes)
            {
                logger.LogWarning("Phishing list from {Host} is {Length} bytes, above Scams:MaxDownloadBytes; keeping the current list", url.Host, response.Content.Headers.ContentLength);
                return PhishingListRefreshOutcome.Rejected;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            if (await ReadCappedAsync(stream, settings.MaxDownloadBytes, cancellationToken) is not { } read)
            {
                logger.LogWarning("Phishing list from {Host} is above Scams:MaxDownloadBytes; keeping the current list", url.Host);
                return PhishingListRefreshOutcome.Rejected;
            }

            body = read;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(ex, "Phishing list download from {Host} failed; keeping the current list", url.Host);
            return PhishingListRefreshOutcome.Failed;
        }

        PhishingList list;
        byte[] json;
        try
        {
            json = PhishingList.Decompress(body, settings.MaxDownloadBytes);
            list = PhishingList.Parse(json);
        }
        catch (FormatException ex)
        {
            logger.LogWarning("Phishing list from {Host} is not a list ({Problem}); keeping the current list", url.Host, ex.Message);
            return PhishingListRefreshOutcome.Rejected;
        }

        if (list.BlocklistCount < holder.MinimumBlocklist)
        {
            logger.LogWarning("Phishing list from {Host} has {Count} blocked domains, fewer than {Minimum}: truncated or wrong; keeping the current list",
                url.Host, list.BlocklistCount, holder.MinimumBlocklist);
            return PhishingListRefreshOutcome.Rejected;
        }

        await WriteCacheAsync(settings.CachePath, json, cancellationToken);
        holder.Replace(list);
        logger.LogInformation("Phishing list refreshed from {Host}: {Blocked} blocked, {Allowed} allowed domains", url.Host, list.BlocklistCount, list.AllowlistCount);
        return PhishingListRefreshOutcome.Replaced;
    }

    private static async Task<byte[]?> ReadCappedAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    // Written beside the cache and renamed over it: a crash mid-write leaves the old cache whole.
    private async Task WriteCacheAsync(string path, byte[] json, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            await using (var file = File.Create(temporary))
            await using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize))
            {
                await gzip.WriteAsync(json, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The new list is still used; only a restart without network would fall back to the older one.
            logger.LogWarning(ex, "Phishing list cache {Path} cannot be written", path);
        }
    }
}

/// <summary>Registers the link scanner, its lists and the refresh.</summary>
public static class PhishingListSetup
{
    /// <param name="services">The host's services.</param>
    public static IServiceCollection AddPhishingLinks(this IServiceCollection services)
    {
        services.AddOptions<PhishingListOptions>().BindConfiguration(PhishingListOptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.PhishingListUrl) || (Uri.TryCreate(o.PhishingListUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"),
                "Scams:PhishingListUrl must be an http(s) URL, or empty to keep the shipped list")
            .ValidateOnStart();
        services.AddHttpClient(PhishingListRefreshService.HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(1));
        services.AddSingleton(sp => ContentFile(sp, LinkRules.SnapshotFileName, path => PhishingListStartup.Load(path,
            sp.GetRequiredService<IOptions<PhishingListOptions>>().Value, sp.GetRequiredService<ILoggerFactory>().CreateLogger<PhishingListRefreshService>())));
        services.AddSingleton(sp => ContentFile(sp, LinkRules.FileName, LinkRules.Load));
        services.AddSingleton<LinkScanner>();
        services.AddHostedService<PhishingListRefreshService>();
        return services;
    }

    // A broken snapshot or scams-links.yaml is a content mistake: start-up names the file, as for the rest of content/.
    private static T ContentFile<T>(IServiceProvider services, string name, Func<string, T> load)
    {
        var path = Path.Combine(services.GetRequiredService<IOptions<ContentOptions>>().Value.Resolve(), name);
        try
        {
            return load(path);
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            throw new ContentValidationException([new ContentError("content/" + name, 0, ex.Message)]);
        }
    }
}
