using System.Runtime.InteropServices;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>Where anvil cannot install, real-node tests are skipped with a reason that says why and where they run.</summary>
public sealed class RealNodeSkipTests
{
    [Theory]
    [InlineData(true, Architecture.Arm64, "Ubuntu 24.04.1 LTS")]
    [InlineData(false, Architecture.Arm64, "Darwin 24.1.0 Darwin Kernel Version 24.1.0")]
    [InlineData(false, Architecture.X64, "Microsoft Windows 10.0.26100")]
    public void UnsupportedPlatformReason_NotLinuxX64_NamesThePackageAndThisMachine(bool linux, Architecture architecture, string os)
    {
        var reason = NpmSetup.UnsupportedPlatformReason(linux, architecture, os);

        Assert.NotNull(reason);
        Assert.StartsWith("Real-node test skipped: ", reason, StringComparison.Ordinal);
        Assert.Contains("@foundry-rs/anvil-linux-amd64, which installs only on Linux x64", reason, StringComparison.Ordinal);
        Assert.Contains($"this machine is {os} {architecture}.", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedPlatformReason_LinuxX64_None() =>
        Assert.Null(NpmSetup.UnsupportedPlatformReason(true, Architecture.X64, "Debian GNU/Linux 13"));
}
