using System.Collections.Frozen;

namespace SupportBot.Core.Scams;

/// <summary>
/// The domains moderators marked as not a scam, held in memory for the link checks (which are synchronous and run on
/// every message) and kept in <see cref="IAllowedDomainStore"/>. <see cref="RefreshAsync"/> picks up what other
/// instances marked.
/// </summary>
public sealed class AllowedDomains(IAllowedDomainStore store)
{
    private FrozenSet<string> hosts = FrozenSet<string>.Empty;

    /// <summary>The allowed domains now in memory.</summary>
    public IReadOnlySet<string> Hosts => Volatile.Read(ref hosts);

    /// <summary>The allowed domain <paramref name="host"/> falls under (itself or a parent), or null.</summary>
    /// <param name="host">A host, lower-case, Unicode or punycode.</param>
    public string? Match(LinkHost host)
    {
        var current = Volatile.Read(ref hosts);
        if (current.Count == 0)
        {
            return null;
        }

        foreach (var form in new[] { host.Unicode, host.Ascii })
        {
            for (var name = form; name.Length > 0; name = name.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? name[(dot + 1)..] : "")
            {
                if (current.Contains(name))
                {
                    return name;
                }
            }
        }

        return null;
    }

    /// <summary>Reads the list from the store again.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref hosts, stored.Select(d => d.Host).ToFrozenSet(StringComparer.Ordinal));
    }

    /// <summary>Marks a domain as not a scam, from now on and for every instance.</summary>
    /// <returns>False when it was already allowed.</returns>
    public async Task<bool> AddAsync(AllowedDomain domain, CancellationToken cancellationToken)
    {
        var added = await store.AddAsync(domain, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }
}
