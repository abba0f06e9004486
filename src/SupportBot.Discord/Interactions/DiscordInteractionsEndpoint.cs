using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SupportBot.Discord.Interactions;

/// <summary>
/// The Interactions Endpoint URL: Discord POSTs every interaction here instead of sending it over the gateway.
/// Each request must carry a valid Ed25519 signature (<see cref="SignatureHeader"/>) over its timestamp
/// (<see cref="TimestampHeader"/>) and raw body, and the timestamp must lie within <see cref="MaxTimestampSkew"/> of the
/// clock (<see cref="TimeProvider"/> from DI, else the system clock); anything else gets 401 with no body. A PING is
/// answered with <c>{"type":1}</c>; every other interaction goes to the <see cref="IInteractionHandler"/> from DI.
/// </summary>
public static class DiscordInteractionsEndpoint
{
    public const string SignatureHeader = "X-Signature-Ed25519";

    public const string TimestampHeader = "X-Signature-Timestamp";

    /// <summary>Largest accepted body; larger requests get 413 before any verification.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private const int PingType = 1;

    /// <summary>How far the signed timestamp may be from the clock, either way, before the request counts as a replay.</summary>
    public static readonly TimeSpan MaxTimestampSkew = TimeSpan.FromMinutes(5);

    private static readonly byte[] PongBody = """{"type":1}"""u8.ToArray();

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>Maps <c>POST <paramref name="path"/></c> to the interactions endpoint.</summary>
    /// <param name="endpoints">The application or route group.</param>
    /// <param name="path">The route, e.g. <see cref="DiscordOptions.InteractionsPath"/>.</param>
    /// <param name="publicKeyHex">The application's public key (64 hex characters), <see cref="DiscordOptions.PublicKey"/>.</param>
    /// <exception cref="ArgumentException">The path is empty or the public key is not a valid hex Ed25519 key.</exception>
    public static IEndpointConventionBuilder MapDiscordInteractions(this IEndpointRouteBuilder endpoints, string path, string publicKeyHex)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var verifier = new Ed25519SignatureVerifier(publicKeyHex);
        var logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(typeof(DiscordInteractionsEndpoint).FullName!)
            ?? NullLogger.Instance;
        RequestDelegate handle = context => HandleAsync(context, verifier, logger);
        return endpoints.MapPost(path, handle);
    }

    private static async Task HandleAsync(HttpContext context, Ed25519SignatureVerifier verifier, ILogger logger)
    {
        var request = context.Request;
        var response = context.Response;
        var signature = SingleHeader(request, SignatureHeader);
        var timestamp = SingleHeader(request, TimestampHeader);
        if (signature is null || timestamp is null)
        {
            Reject(response, logger, "a signature header is missing");
            return;
        }

        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        if (!IsFresh(timestamp, clock.GetUtcNow()))
        {
            Reject(response, logger, "the timestamp is malformed or too far from the clock");
            return;
        }

        // The raw bytes, read before any JSON handling: the signature covers them exactly as sent.
        var body = await ReadBodyAsync(request, context.RequestAborted);
        if (body is null)
        {
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        if (!verifier.Verify(signature, timestamp, body))
        {
            Reject(response, logger, "the signature does not match");
            return;
        }

        if (!TryParseInteraction(body, out var interaction, out var type))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (type == PingType)
        {
            await WriteJsonAsync(response, PongBody, context.RequestAborted);
            return;
        }

        var handler = context.RequestServices.GetRequiredService<IInteractionHandler>();
        var reply = await handler.HandleAsync(interaction, context.RequestAborted);
        if (reply.Response is not { } inline)
        {
            response.StatusCode = StatusCodes.Status202Accepted;
            response.ContentLength = 0;
            return;
        }

        try
        {
            // Not on RequestAborted: the answer is tiny, and the work after it must start whatever the connection does.
            await WriteJsonAsync(response, Encoding.UTF8.GetBytes(inline.GetRawText()), CancellationToken.None);
            await response.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            logger.LogDebug("Discord closed the connection before the interaction response was sent: {Error}", ex.Message);
        }
        finally
        {
            if (reply.AfterResponse is { } afterResponse)
            {
                StartAfterResponse(afterResponse, context.RequestServices, logger);
            }
        }
    }

    /// <summary>
    /// Runs the deferred part of an interaction (the turn, the edit of <c>@original</c>) past the request: Discord closes
    /// the request after about 3 seconds, and a lookup takes as long as it takes. A graceful stop waits for it
    /// (<see cref="DeferredInteractions"/>); without that service, it runs on the host's lifetime.
    /// </summary>
    private static void StartAfterResponse(Func<CancellationToken, Task> afterResponse, IServiceProvider services, ILogger logger)
    {
        if (services.GetService<DeferredInteractions>() is { } deferred)
        {
            deferred.Start(afterResponse);
            return;
        }

        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        _ = Task.Run(async () =>
        {
            try
            {
                await afterResponse(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Shutting down: the interaction token stays valid for 15 minutes, but this process will not use it.
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A deferred Discord interaction failed after its response was sent");
            }
        }, CancellationToken.None);
    }

    private static string? SingleHeader(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>True when <paramref name="timestamp"/> is Unix seconds within <see cref="MaxTimestampSkew"/> of <paramref name="now"/>.</summary>
    private static bool IsFresh(string timestamp, DateTimeOffset now) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds <= MaxUnixSeconds
        && (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() <= MaxTimestampSkew;

    /// <summary>The whole body, or null when it exceeds <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk.AsMemory(), cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk.AsSpan(0, read));
        }

        return buffer.ToArray();
    }

    /// <summary>Parses the verified body: a JSON object with an integer <c>type</c>.</summary>
    private static bool TryParseInteraction(byte[] body, out JsonElement interaction, out int type)
    {
        type = 0;
        try
        {
            interaction = JsonElement.Parse(body);
        }
        catch (JsonException)
        {
            interaction = default;
            return false;
        }

        return interaction.ValueKind == JsonValueKind.Object
            && interaction.TryGetProperty("type", out var typeProperty)
            && typeProperty.ValueKind == JsonValueKind.Number
            && typeProperty.TryGetInt32(out type);
    }

    private static async Task WriteJsonAsync(HttpResponse response, byte[] json, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        await response.Body.WriteAsync(json, cancellationToken);
    }

    private static void Reject(HttpResponse response, ILogger logger, string reason)
    {
        // Discord probes the endpoint with bad signatures on purpose, so a rejection is routine, not a warning.
        logger.LogDebug("Rejected a Discord interaction request: {Reason}", reason);
        response.StatusCode = StatusCodes.Status401Unauthorized;
    }
}
