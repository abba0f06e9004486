using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Core.Fix;
using SupportBot.Host.Composition;
using SupportBot.Host.Tests.Support;
using SupportBot.Host.Web;

namespace SupportBot.Host.Tests.Web;

/// <summary>The real web host with the fix page on a loopback port, configured as a deployment at https://bot.example.org.</summary>
internal sealed class FixPageServer : IAsyncDisposable
{
    // 32 bytes, base64: a test key, not a secret of any deployment.
    public const string Key = "c3VwcG9ydGJvdC10ZXN0LWtleS0wMTIzNDU2Nzg5YWI=";

    private readonly TempDirectory temp = new();
    private WebApplication app = null!;

    public static async Task<FixPageServer> StartAsync()
    {
        var server = new FixPageServer();
        var builder = ServiceSetup.CreateWebBuilder(
            [.. CliRunner.Offline, new("Storage:SqlitePath", server.temp.File("bot.db")),
             new("Web:PublicBaseUrl", "https://bot.example.org"), new("Web:LinkKey", Key)], TestClock.Instance);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        server.app = builder.Build();
        server.app.MapFixPage();
        await server.app.StartAsync();
        return server;
    }

    /// <summary>The links the bot would give.</summary>
    public FixLinks Links => app.Services.GetRequiredService<FixLinks>();

    /// <summary>This server's own address, e.g. http://127.0.0.1:41234.</summary>
    public string Origin => app.Urls.First().TrimEnd('/');

    /// <summary>The bot's link for <paramref name="target"/>, pointed at this server instead of the public address.</summary>
    public string Link(FixTarget target, string language) => Origin + new Uri(Links.Create(target, language)!).PathAndQuery;

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        temp.Dispose();
    }
}
