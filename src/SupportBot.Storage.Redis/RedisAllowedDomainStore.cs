using System.Text.Json;
using StackExchange.Redis;
using SupportBot.Core.Scams;

namespace SupportBot.Storage.Redis;

/// <summary><see cref="IAllowedDomainStore"/> in Redis: one hash, host to the marking as JSON; the first marking of a host is kept.</summary>
public sealed class RedisAllowedDomainStore(RedisConnection connection) : IAllowedDomainStore
{
    /// <inheritdoc />
    public async Task<bool> AddAsync(AllowedDomain domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await db.HashSetAsync(Key, domain.Host, JsonSerializer.Serialize(domain), When.NotExists).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAsync(string host, CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await db.HashDeleteAsync(Key, host).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AllowedDomain>> ListAsync(CancellationToken cancellationToken)
    {
        var db = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var entries = await db.HashGetAllAsync(Key).ConfigureAwait(false);
        return [.. entries.Select(e => JsonSerializer.Deserialize<AllowedDomain>((string)e.Value!)!)
            .OrderBy(d => d.AddedAt).ThenBy(d => d.Host, StringComparer.Ordinal)];
    }

    private RedisKey Key => connection.Key("allowed-domains");
}
