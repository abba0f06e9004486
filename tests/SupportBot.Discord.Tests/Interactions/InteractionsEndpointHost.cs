using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Discord.Interactions;

namespace SupportBot.Discord.Tests.Interactions;

/// <summary>
/// The interactions endpoint on a real Kestrel server at 127.0.0.1 (random port), trusting
/// <see cref="TestSigner.Rfc8032"/>, with a fake clock and a <see cref="RecordingInteractionHandler"/>.
/// </summary>
internal sealed class InteractionsEndpointHost : IAsyncDisposable
{
    public const string Path = "/discord/interactions";

    /// <summary>The timestamp of the protocols.md vector.</summary>
    public const string VectorTimestamp = "1700000000";

    /// <summary>The clock starts 30 s after <see cref="VectorTimestamp"/>.</summary>
    public static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_030);

    private readonly WebApplication app;

    private InteractionsEndpointHost(WebApplication app, FakeTimeProvider clock, RecordingInteractionHandler handler)
    {
        this.app = app;
        Clock = clock;
        Handler = handler;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public FakeTimeProvider Clock { get; }

    public RecordingInteractionHandler Handler { get; }

    public HttpClient Client { get; }

    public static async Task<InteractionsEndpointHost> StartAsync()
    {
        var clock = new FakeTimeProvider(Start);
        var handler = new RecordingInteractionHandler();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IInteractionHandler>(handler);
        var app = builder.Build();
        app.MapDiscordInteractions(Path, TestSigner.Rfc8032.PublicKeyHex);
        await app.StartAsync();
        return new InteractionsEndpointHost(app, clock, handler);
    }

    /// <summary>POSTs <paramref name="body"/> with the given headers; a null header is left out.</summary>
    public async Task<HttpResponseMessage> PostAsync(string body, string? signature, string? timestamp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(DiscordInteractionsEndpoint.SignatureHeader, signature);
        }

        if (timestamp is not null)
        {
            request.Headers.TryAddWithoutValidation(DiscordInteractionsEndpoint.TimestampHeader, timestamp);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>POSTs <paramref name="body"/> signed by <paramref name="signer"/> (default: the trusted key) at the clock's current time.</summary>
    public Task<HttpResponseMessage> PostSignedAsync(string body, TestSigner? signer = null)
    {
        var timestamp = Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return PostAsync(body, (signer ?? TestSigner.Rfc8032).Sign(timestamp, body), timestamp);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
