using Microsoft.Extensions.Logging;
using SupportBot.Core.Channels;

namespace SupportBot.Telegram.Updates;

/// <summary>
/// Short leases on one chat's work, so that with several instances on one store (webhook mode behind a load balancer)
/// each chat's updates are handled by one instance at a time, in order, and its calls delivered by one. A lease is
/// renewed in the background while held and released when the work is done; an instance that finds a chat's lease
/// held leaves the chat to the holder, which looks for more before letting go. What is left when a holder dies is
/// picked up by the processor's periodic pass once the lease expires.
/// </summary>
public sealed class TelegramChatLeases(ILeaseStore leaseStore, TelegramPollingLease pollingLease, TimeProvider timeProvider, ILogger<TelegramChatLeases> log)
{
    // Fields, not captured parameters: the held leases below use them.
    private readonly ILeaseStore leases = leaseStore;
    private readonly string holder = pollingLease.Holder;
    private readonly TimeProvider time = timeProvider;
    private readonly ILogger logger = log;

    /// <summary>How long a chat stays with an instance that stopped renewing (it died).</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    /// <summary>The lease on handling the updates of a chat.</summary>
    public static string Updates(long chatId) => "telegram:chat:" + chatId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The lease on delivering the calls owed to a chat (its key in the outbound log).</summary>
    public static string Sending(string chat) => "telegram:send:" + chat;

    /// <summary>Takes the lease <paramref name="name"/> for this instance; null when another instance holds it.</summary>
    public async Task<Held?> TryHoldAsync(string name, CancellationToken cancellationToken) =>
        await leases.TryAcquireAsync(name, holder, Duration, cancellationToken).ConfigureAwait(false) ? new Held(this, name) : null;

    /// <summary>A lease this instance holds until disposed.</summary>
    public sealed class Held : IAsyncDisposable
    {
        private readonly TelegramChatLeases owner;
        private readonly string name;
        private readonly ITimer renewal;
        private DateTimeOffset renewed;
        private volatile bool lost;
        private int renewing;

        internal Held(TelegramChatLeases owner, string name)
        {
            this.owner = owner;
            this.name = name;
            renewed = owner.time.GetUtcNow();
            renewal = owner.time.CreateTimer(_ => _ = RenewAsync(), null, RenewEvery, RenewEvery);
        }

        /// <summary>Another instance may hold the lease now: stop before the next item.</summary>
        public bool Lost => lost;

        public async ValueTask DisposeAsync()
        {
            await renewal.DisposeAsync().ConfigureAwait(false);
            try
            {
                await owner.leases.ReleaseAsync(name, owner.holder, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                owner.logger.LogWarning("Could not release the lease {Lease}; it expires on its own: {Error}", name, ex.Message);
            }
        }

        private async Task RenewAsync()
        {
            if (Interlocked.Exchange(ref renewing, 1) == 1)
            {
                return;
            }

            try
            {
                if (await owner.leases.TryAcquireAsync(name, owner.holder, Duration, CancellationToken.None).ConfigureAwait(false))
                {
                    renewed = owner.time.GetUtcNow();
                }
                else
                {
                    lost = true;
                }
            }
            catch (Exception ex)
            {
                if (owner.time.GetUtcNow() - renewed >= Duration)
                {
                    owner.logger.LogWarning("Could not renew the lease {Lease}: {Error}", name, ex.Message);
                    lost = true;
                }
            }
            finally
            {
                Volatile.Write(ref renewing, 0);
            }
        }
    }
}
