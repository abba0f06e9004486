namespace SupportBot.Core.Scams;

/// <summary>A domain a moderator marked as not a scam after the bot flagged it.</summary>
/// <param name="Host">The domain, lower-case, Unicode (as <see cref="LinkHost.Unicode"/>); its subdomains are allowed too.</param>
/// <param name="AddedBy">Who marked it: "telegram:123456" or "discord:80351110224678912".</param>
/// <param name="AddedAt">When.</param>
/// <param name="Community">Where the link was flagged, e.g. "telegram:-1001234567890"; null when added by hand.</param>
public sealed record AllowedDomain(string Host, string AddedBy, DateTimeOffset AddedAt, string? Community = null);

/// <summary>
/// The domains moderators marked as false positives: our runtime allowlist, kept beside the conversation state so
/// every instance and every restart sees the same list. Checked before the phishing list's blocklist and fuzzy list.
/// </summary>
public interface IAllowedDomainStore
{
    /// <summary>Adds a domain; false when it was already there (the first marking is kept).</summary>
    Task<bool> AddAsync(AllowedDomain domain, CancellationToken cancellationToken);

    /// <summary>Removes a domain; false when it was not there.</summary>
    Task<bool> RemoveAsync(string host, CancellationToken cancellationToken);

    /// <summary>Every allowed domain, oldest first.</summary>
    Task<IReadOnlyList<AllowedDomain>> ListAsync(CancellationToken cancellationToken);
}

/// <summary><see cref="IAllowedDomainStore"/> in process memory, for tests and runs without a database.</summary>
public sealed class InMemoryAllowedDomainStore : IAllowedDomainStore
{
    private readonly List<AllowedDomain> domains = [];
    private readonly Lock gate = new();

    /// <inheritdoc />
    public Task<bool> AddAsync(AllowedDomain domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        lock (gate)
        {
            if (domains.Any(d => d.Host == domain.Host))
            {
                return Task.FromResult(false);
            }

            domains.Add(domain);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string host, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(domains.RemoveAll(d => d.Host == host) > 0);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AllowedDomain>> ListAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<AllowedDomain>>([.. domains.OrderBy(d => d.AddedAt).ThenBy(d => d.Host, StringComparer.Ordinal)]);
        }
    }
}
