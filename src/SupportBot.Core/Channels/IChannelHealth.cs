namespace SupportBot.Core.Channels;

/// <summary>
/// Whether a channel is connected and taking work, for the host's readiness probe (<c>/readyz</c>): a load balancer
/// sends nothing to an instance whose channels are not ready.
/// </summary>
public interface IChannelHealth
{
    /// <summary>The channel's name: telegram, discord.</summary>
    string Channel { get; }

    /// <summary>The channel's state now; cheap, no network call.</summary>
    ChannelReadiness Check();
}

/// <summary>A channel's state for the readiness probe.</summary>
/// <param name="Ready">Connected and taking work.</param>
/// <param name="Description">What it is doing, for operators ("gateway connected", "polling", "reconnecting since …").</param>
public sealed record ChannelReadiness(bool Ready, string Description);
