using StackExchange.Redis;

namespace SupportBot.Storage.Redis;

/// <summary>
/// The one connection the Redis stores of a process share, and the names of their keys. It connects on first use and
/// reconnects on its own after Redis restarts or fails over; commands issued meanwhile wait (up to the configured
/// timeout) and are then sent, so a short outage costs a delay, not a lost update.
/// </summary>
public sealed class RedisConnection : IDisposable, IAsyncDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer;

    public RedisConnection(RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Configuration);
        _configuration = ConfigurationOptions.Parse(options.Configuration);
        // Redis being down at start-up or restarting later is an outage to wait out, not a reason to stop.
        _configuration.AbortOnConnectFail = false;
        _configuration.ReconnectRetryPolicy ??= new ExponentialRetry(deltaBackOffMilliseconds: 500, maxDeltaBackOffMilliseconds: 5000);
        Prefix = options.KeyPrefix ?? "";
        _multiplexer = new(() => ConnectionMultiplexer.ConnectAsync(_configuration), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>What every key starts with.</summary>
    public string Prefix { get; }

    /// <summary>Whether the connection is up now (false before the first use, and while Redis is away): for health checks.</summary>
    public bool IsConnected => _multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully && _multiplexer.Value.Result.IsConnected;

    /// <summary>The database, connecting first if this is the first call.</summary>
    internal async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var multiplexer = await _multiplexer.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return multiplexer.GetDatabase();
    }

    /// <summary>The full name of one of the stores' keys.</summary>
    internal RedisKey Key(string name) => Prefix + name;

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully)
            _multiplexer.Value.Result.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully)
            await _multiplexer.Value.Result.DisposeAsync().ConfigureAwait(false);
    }
}
