using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SupportBot.Instances.Tests.Support;

/// <summary>
/// The load balancer in front of the bot instances, as nginx's <c>upstream</c> does it by default: it ends TLS (with a
/// certificate for 127.0.0.1 the sender trusts, <see cref="Certificate"/>) and passes plain HTTP on; each request goes to
/// the next instance in turn; an instance that refuses the connection (it is gone) is skipped and the next one tried;
/// a request cut off half-way is answered 502 and not repeated (a POST may have had its effect), so the sender — Telegram —
/// delivers it again later.
/// </summary>
internal sealed class RoundRobinProxy : IAsyncDisposable
{
    private static readonly string[] HopByHop = ["Connection", "Keep-Alive", "Transfer-Encoding", "Host", "Content-Length"];

    private readonly Uri[] backends;
    private readonly int[] forwarded;
    private readonly HttpClient client = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) });
    private readonly WebApplication app;
    private int next = -1;

    private RoundRobinProxy(IReadOnlyList<Uri> backends, X509Certificate2 certificate)
    {
        this.backends = [.. backends];
        forwarded = new int[backends.Count];
        Certificate = certificate;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Certificate)));
        app = builder.Build();
        app.Run(ForwardAsync);
    }

    /// <summary>The HTTPS address to give the sender, e.g. as the webhook's host.</summary>
    public Uri Url { get; private set; } = new("https://127.0.0.1/");

    /// <summary>What the proxy presents; the sender must trust it.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Requests each backend answered, by its place in the list.</summary>
    public IReadOnlyList<int> Forwarded => [.. Enumerable.Range(0, forwarded.Length).Select(i => Volatile.Read(ref forwarded[i]))];

    public static async Task<RoundRobinProxy> StartAsync(IReadOnlyList<Uri> backends, X509Certificate2 certificate)
    {
        var proxy = new RoundRobinProxy(backends, certificate);
        await proxy.app.StartAsync();
        proxy.Url = new Uri(proxy.app.Urls.First());
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        client.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        for (var tried = 0; tried < backends.Length; tried++)
        {
            var index = (int)((uint)Interlocked.Increment(ref next) % (uint)backends.Length);
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(backends[index], context.Request.Path + context.Request.QueryString))
            {
                Content = new ByteArrayContent(body.ToArray()),
            };
            foreach (var (name, values) in context.Request.Headers)
            {
                if (HopByHop.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!request.Headers.TryAddWithoutValidation(name, [.. values]))
                {
                    request.Content.Headers.TryAddWithoutValidation(name, [.. values]);
                }
            }

            try
            {
                using var response = await client.SendAsync(request, context.RequestAborted);
                Interlocked.Increment(ref forwarded[index]);
                context.Response.StatusCode = (int)response.StatusCode;
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
                return;
            }
            catch (HttpRequestException error) when (error.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                // That instance is not there: the next one gets the request.
            }
            catch (HttpRequestException)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status502BadGateway;
    }
}
