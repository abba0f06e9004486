using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace SupportBot.Host.Composition;

/// <summary>Where the content tree is, section <c>Content</c>.</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>The content folder; a relative path is looked up in the working directory, then next to the binary.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Content:Path must name the content folder")]
    public string Path { get; set; } = "content";

    public string Resolve()
    {
        if (System.IO.Path.IsPathRooted(Path) || Directory.Exists(Path))
        {
            return System.IO.Path.GetFullPath(Path);
        }

        return System.IO.Path.Combine(AppContext.BaseDirectory, Path);
    }
}

/// <summary>Where conversation state lives, section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public const string Sqlite = "sqlite";
    public const string Redis = "redis";

    /// <summary>
    /// The store: <c>sqlite</c> (a local file; the default, for one instance) or <c>redis</c> (shared by several
    /// instances; <see cref="RedisConfiguration"/> says where).
    /// </summary>
    [AllowedValues(Sqlite, Redis, ErrorMessage = "Storage:Provider must be 'sqlite' or 'redis'")]
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// With <see cref="Provider"/> <c>redis</c>: a StackExchange.Redis configuration string, e.g. <c>redis:6379</c> or
    /// <c>redis:6379,password=…</c> (better from an environment variable or a secret, like every password).
    /// </summary>
    [ConfigurationKeyName("Redis")]
    public string? RedisConfiguration { get; set; }

    /// <summary>What every Redis key starts with, so several bots can share one Redis; on a Redis Cluster it must hold a hash tag such as <c>{supportbot}:</c>.</summary>
    public string RedisKeyPrefix { get; set; } = "supportbot:";

    public bool IsRedis => Provider == Redis;

    /// <summary>The SQLite database file; its folder is created when missing.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Storage:SqlitePath must name a database file")]
    public string SqlitePath { get; set; } = "data/supportbot.db";

    /// <summary>How often expired conversations, handled updates and old figures are removed.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Storage:PurgeInterval must be between 00:00:10 and 1.00:00:00")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a handled channel update is kept (it guards against a duplicate delivery, nothing more).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00", ErrorMessage = "Storage:InboxRetention must be between 01:00:00 and 365.00:00:00")]
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long the events behind <c>stats</c> are kept; they name the conversation (channel and user id).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Storage:EventRetention must be between 1.00:00:00 and 3650.00:00:00")]
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Where the trained intent model is kept, named by the hash of its examples, so a restart loads it instead of
    /// training again. Not in the repository: it is rebuilt from <c>content/intents/</c> whenever they change.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Storage:ModelCache must name a folder")]
    public string ModelCache { get; set; } = "data/models";
}
