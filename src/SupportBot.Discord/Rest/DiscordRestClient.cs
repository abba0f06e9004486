using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Telemetry;

namespace SupportBot.Discord.Rest;

/// <summary>
/// <see cref="IDiscordRest"/> over HTTP (the <c>discord</c> client from <see cref="IHttpClientFactory"/>). Each call
/// queues behind earlier calls on the same route and major parameter, waits out Discord's rate limits, retries 429s
/// (after <c>retry_after</c>) and 5xx answers (with exponential backoff), and turns error answers into
/// <see cref="DiscordRestException"/>. Thread-safe; register it as a singleton so all calls share one limiter. With an
/// <see cref="ISendBudget"/> (the shared store of several instances), every bot-authorized request also takes from the
/// bucket <see cref="GlobalBudgetBucket"/>, so the instances together stay under Discord's global limit.
/// </summary>
public sealed class DiscordRestClient : IDiscordRest
{
    /// <summary>The named HttpClient used for every call.</summary>
    public const string HttpClientName = "discord";

    /// <summary>Discord requires <c>DiscordBot ($url, $versionNumber)</c>.</summary>
    public const string UserAgent = "DiscordBot (https://github.com/supportbot, 1.0)";

    /// <summary>The <see cref="ISendBudget"/> bucket all instances share for Discord's global limit (per bot token).</summary>
    public const string GlobalBudgetBucket = "discord:global";

    private const int MaxAuditLogReason = 512;
    private const string Channel = "discord";

    private static readonly TimeSpan GlobalWindow = TimeSpan.FromSeconds(1);

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    private readonly IHttpClientFactory httpClientFactory;
    private readonly DiscordOptions options;
    private readonly DiscordRestOptions restOptions;
    private readonly ILogger<DiscordRestClient> logger;
    private readonly RestRateLimiter limiter;
    private readonly ISendBudget? sharedBudget;
    private readonly BotMetrics? metrics;
    private readonly string baseUrl;
    private readonly ConcurrentDictionary<ulong, ulong> dmChannels = new();

    public DiscordRestClient(
        IHttpClientFactory httpClientFactory,
        IOptions<DiscordOptions> options,
        IOptions<DiscordRestOptions> restOptions,
        TimeProvider timeProvider,
        ILogger<DiscordRestClient> logger,
        ISendBudget? sharedBudget = null,
        BotMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(restOptions);
        this.httpClientFactory = httpClientFactory;
        this.options = options.Value;
        this.restOptions = restOptions.Value;
        this.logger = logger;
        this.sharedBudget = sharedBudget;
        this.metrics = metrics;
        baseUrl = this.options.ApiBaseUrl.TrimEnd('/');
        limiter = new RestRateLimiter(timeProvider, this.restOptions.GlobalRequestsPerSecond, this.restOptions.InvalidRequestLimit);
    }

    internal RestRateLimiter Limiter => limiter;

    public async Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken = default)
    {
        var route = RestRoute.GetGatewayBot();
        var body = await SendAsync(route, null, cancellationToken).ConfigureAwait(false);
        if (body?["url"] is JsonValue url && url.TryGetValue<string>(out var gateway)
            && Number(body["shards"]) is { } shards
            && body["session_start_limit"] is JsonObject limit
            && Number(limit["total"]) is { } total
            && Number(limit["remaining"]) is { } remaining
            && Number(limit["reset_after"]) is { } resetAfter
            && Number(limit["max_concurrency"]) is { } maxConcurrency)
        {
            return new GatewayBotInfo(gateway, (int)shards,
                new SessionStartLimit((int)total, (int)remaining, TimeSpan.FromMilliseconds(resetAfter), (int)maxConcurrency));
        }

        throw new DiscordRestException(DiscordRestFailure.InvalidResponse, route.RouteKey, "the answer lacks url, shards or session_start_limit.");
    }

    public async Task<ulong> GetCurrentApplicationIdAsync(CancellationToken cancellationToken = default)
    {
        var route = RestRoute.GetCurrentApplication();
        var body = await SendAsync(route, null, cancellationToken).ConfigureAwait(false);
        if (body?["id"] is JsonValue id && id.TryGetValue<string>(out var text)
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var applicationId))
        {
            return applicationId;
        }

        throw new DiscordRestException(DiscordRestFailure.InvalidResponse, route.RouteKey, "the answer lacks the application id.");
    }

    public async Task<ulong> CreateDmChannelAsync(ulong userId, CancellationToken cancellationToken = default)
    {
        if (dmChannels.TryGetValue(userId, out var cached))
        {
            return cached;
        }

        var route = RestRoute.CreateDm();
        var request = new JsonObject { ["recipient_id"] = userId.ToString(CultureInfo.InvariantCulture) };
        var channel = await SendAsync(route, request, cancellationToken).ConfigureAwait(false);
        var channelId = ReadId(channel, route);
        dmChannels[userId] = channelId;
        return channelId;
    }

    public async Task<ulong> CreateMessageAsync(ulong channelId, JsonObject message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var route = RestRoute.CreateMessage(channelId);
        return ReadId(await SendAsync(route, message, cancellationToken).ConfigureAwait(false), route);
    }

    public async Task<ulong> CreateMessageWithFileAsync(ulong channelId, JsonObject message, string fileName, ReadOnlyMemory<byte> file,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var payload = (JsonObject)message.DeepClone();
        payload["attachments"] = new JsonArray(new JsonObject { ["id"] = "0", ["filename"] = fileName });
        var json = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var bytes = file.ToArray();

        // Built anew for every attempt: a retried request cannot reuse content that was already sent.
        HttpContent Multipart()
        {
            var form = new MultipartFormDataContent();
            var jsonPart = new ByteArrayContent(json);
            jsonPart.Headers.ContentType = JsonType;
            form.Add(jsonPart, "payload_json");
            var filePart = new ByteArrayContent(bytes);
            filePart.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? "text/plain" : "application/octet-stream");
            form.Add(filePart, "files[0]", fileName);
            return form;
        }

        var route = RestRoute.CreateMessage(channelId);
        return ReadId(await SendContentAsync(route, Multipart, cancellationToken).ConfigureAwait(false), route);
    }

    public async Task<ulong> StartThreadAsync(ulong channelId, JsonObject thread, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(thread);
        var route = RestRoute.StartThreadWithoutMessage(channelId);
        return ReadId(await SendAsync(route, thread, cancellationToken).ConfigureAwait(false), route);
    }

    public Task AddThreadMemberAsync(ulong threadId, ulong userId, CancellationToken cancellationToken = default) =>
        SendContentAsync(RestRoute.AddThreadMember(threadId, userId), null, cancellationToken);

    public Task ModifyChannelAsync(ulong channelId, JsonObject changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return SendAsync(RestRoute.ModifyChannel(channelId), changes, cancellationToken);
    }

    public Task EditMessageAsync(ulong channelId, ulong messageId, JsonObject message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(RestRoute.EditMessage(channelId, messageId), message, cancellationToken);
    }

    public Task DeleteMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken = default) =>
        SendAsync(RestRoute.DeleteMessage(channelId, messageId), null, cancellationToken);

    public Task ModifyGuildMemberAsync(ulong guildId, ulong userId, JsonObject changes, string? auditLogReason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return SendAsync(RestRoute.ModifyGuildMember(guildId, userId) with { AuditLogReason = auditLogReason }, changes, cancellationToken);
    }

    public async Task<JsonArray> BulkOverwriteGlobalCommandsAsync(ulong applicationId, JsonArray commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var route = RestRoute.BulkOverwriteGlobalCommands(applicationId);
        return await SendAsync(route, commands, cancellationToken).ConfigureAwait(false) as JsonArray
            ?? throw new DiscordRestException(DiscordRestFailure.InvalidResponse, route.RouteKey, "the answer is not an array of commands.");
    }

    public Task CreateInteractionResponseAsync(ulong interactionId, string interactionToken, JsonObject response, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(interactionToken);
        ArgumentNullException.ThrowIfNull(response);
        return SendAsync(RestRoute.InteractionCallback(interactionId, interactionToken), response, cancellationToken);
    }

    public Task EditOriginalResponseAsync(ulong applicationId, string interactionToken, JsonObject message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(interactionToken);
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(RestRoute.EditOriginalResponse(applicationId, interactionToken), message, cancellationToken);
    }

    public async Task<ulong> CreateFollowupAsync(ulong applicationId, string interactionToken, JsonObject message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(interactionToken);
        ArgumentNullException.ThrowIfNull(message);
        var route = RestRoute.CreateFollowup(applicationId, interactionToken);
        return ReadId(await SendAsync(route, message, cancellationToken).ConfigureAwait(false), route);
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) && number >= 0 && number <= int.MaxValue ? number : null;

    private static ulong ReadId(JsonNode? body, RestRoute route) =>
        body is JsonObject value && value["id"] is JsonValue id && id.TryGetValue<string>(out var text)
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var snowflake)
            ? snowflake
            : throw new DiscordRestException(DiscordRestFailure.InvalidResponse, route.RouteKey, "the answer has no snowflake id.");

    private static async Task<JsonNode?> ReadBodyAsync(HttpResponseMessage response, RestRoute route, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent || bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(bytes);
        }
        catch (JsonException error)
        {
            throw new DiscordRestException(DiscordRestFailure.InvalidResponse, route.RouteKey, "the answer is not JSON.", error);
        }
    }

    private static async Task<ErrorBody> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            // Cloudflare and proxies answer some errors with HTML.
        }

        if (body is null)
        {
            return new ErrorBody(null, response.ReasonPhrase, null, null, false);
        }

        return new ErrorBody(
            body["code"] is JsonValue code && code.TryGetValue<int>(out var number) ? number : null,
            body["message"] is JsonValue message && message.TryGetValue<string>(out var words) ? words : response.ReasonPhrase,
            body["errors"]?.DeepClone(),
            body["retry_after"] is JsonValue retry && retry.TryGetValue<double>(out var seconds) && seconds >= 0 && seconds < 1e6
                ? TimeSpan.FromSeconds(seconds)
                : null,
            body["global"] is JsonValue global && global.TryGetValue<bool>(out var isGlobal) && isGlobal);
    }

    private Task<JsonNode?> SendAsync(RestRoute route, JsonNode? body, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return SendContentAsync(route, null, cancellationToken);
        }

        var payload = Encoding.UTF8.GetBytes(body.ToJsonString());
        return SendContentAsync(route, () =>
        {
            var content = new ByteArrayContent(payload);
            content.Headers.ContentType = JsonType;
            return content;
        }, cancellationToken);
    }

    private async Task<JsonNode?> SendContentAsync(RestRoute route, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        var token = route.UsesBotToken ? BotToken(route) : null;
        using var slot = await limiter.EnterQueueAsync(route, cancellationToken).ConfigureAwait(false);
        var failures = 0;
        var rateLimits = 0;
        while (true)
        {
            limiter.ThrowIfBlocked(route);
            await limiter.WaitToSendAsync(route, cancellationToken).ConfigureAwait(false);
            await TakeSharedBudgetAsync(route, cancellationToken).ConfigureAwait(false);

            // A 401 or the invalid-request budget may have been reached elsewhere while this request waited.
            limiter.ThrowIfBlocked(route);
            HttpResponseMessage response;
            try
            {
                using var request = BuildRequest(route, content, token);
                response = await httpClientFactory.CreateClient(HttpClientName)
                    .SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException error) when (failures < restOptions.ServerErrorRetries)
            {
                logger.LogWarning(error, "Discord {Route}: no answer; retrying", route.RouteKey);
                await limiter.DelayAsync(Backoff(failures++), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException error)
            {
                throw new DiscordRestException(DiscordRestFailure.Transport, route.RouteKey, "no answer: " + error.Message, error);
            }
            catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
            {
                // Not retried: the request may have been carried out, and a repeated POST would send a message twice.
                throw new DiscordRestException(DiscordRestFailure.Transport, route.RouteKey, "timed out.", error);
            }

            using (response)
            {
                var headers = RateLimitHeaders.Read(response.Headers);
                limiter.Update(route, headers);
                if (response.IsSuccessStatusCode)
                {
                    if (route.CreatesMessage)
                    {
                        metrics?.MessageSent(Channel);
                    }

                    return await ReadBodyAsync(response, route, cancellationToken).ConfigureAwait(false);
                }

                var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                var status = response.StatusCode;
                if (status == HttpStatusCode.TooManyRequests)
                {
                    if (!headers.SharedScope)
                    {
                        limiter.CountInvalidAnswer();
                    }

                    var retryAfter = error.RetryAfter ?? headers.RetryAfter ?? TimeSpan.FromSeconds(1);
                    metrics?.RateLimited(Channel, retryAfter);
                    if (rateLimits++ >= restOptions.RateLimitRetries)
                    {
                        throw new DiscordRestException(route.RouteKey, status, error.Code, error.Message, error.Errors, retryAfter);
                    }

                    await WaitOutRateLimitAsync(route, headers, error.Global, retryAfter, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    limiter.CountInvalidAnswer();
                }

                if (status == HttpStatusCode.Unauthorized && route.UsesBotToken)
                {
                    limiter.RejectToken();
                    logger.LogError("Discord rejected the bot token (401 on {Route}); no further requests will use it", route.RouteKey);
                }

                if ((int)status >= 500 && failures < restOptions.ServerErrorRetries)
                {
                    logger.LogWarning("Discord {Route} answered {Status}; retrying", route.RouteKey, (int)status);
                    await limiter.DelayAsync(Backoff(failures++), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new DiscordRestException(route.RouteKey, status, error.Code, error.Message, error.Errors);
            }
        }
    }

    /// <summary>
    /// Waits for room in the global budget all instances share (the per-process limiter has already let the request
    /// through). Interaction routes are exempt from Discord's global limit, so they take nothing.
    /// </summary>
    private async Task TakeSharedBudgetAsync(RestRoute route, CancellationToken cancellationToken)
    {
        if (sharedBudget is null || !route.GloballyLimited)
        {
            return;
        }

        while (true)
        {
            TimeSpan wait;
            try
            {
                wait = await sharedBudget.TryTakeAsync(GlobalBudgetBucket, restOptions.GlobalRequestsPerSecond, GlobalWindow, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The shared store is out of reach: this instance's own limiter still holds it to the limit, and a
                // reply that goes out is worth more than the instances' exact sum.
                logger.LogWarning("The shared Discord budget is not available ({Error}); {Route} goes by this instance's limit alone", ex.GetType().Name, route.RouteKey);
                return;
            }

            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            logger.LogDebug("Discord global budget shared by the instances is used up; {Route} waits {Wait}", route.RouteKey, wait);
            await limiter.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitOutRateLimitAsync(RestRoute route, RateLimitHeaders headers, bool globalInBody, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        if (headers.Global || globalInBody)
        {
            logger.LogWarning("Discord global rate limit hit on {Route}; pausing all routes for {RetryAfter}", route.RouteKey, retryAfter);
            limiter.PauseGlobally(retryAfter);
            if (!route.GloballyLimited)
            {
                await limiter.DelayAsync(retryAfter, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (headers.Remaining == 0 && !headers.SharedScope)
        {
            // The bucket itself is used up (another process may share the token): every route in it waits.
            logger.LogWarning("Discord bucket of {Route} exhausted; waiting {RetryAfter}", route.RouteKey, retryAfter);
            limiter.HoldBucket(route, retryAfter);
        }
        else
        {
            // A sub-limit (or a shared per-resource limit): only this request waits; the bucket stays as it was.
            logger.LogInformation("Discord sub-limit on {Route}; retrying in {RetryAfter}", route.RouteKey, retryAfter);
            await limiter.DelayAsync(retryAfter, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int failures) => restOptions.ServerErrorBackoff * Math.Pow(2, failures);

    private string BotToken(RestRoute route) =>
        string.IsNullOrWhiteSpace(options.Token)
            ? throw new DiscordRestException(DiscordRestFailure.TokenRejected, route.RouteKey, "not sent: no bot token is configured (Discord:Token).")
            : options.Token;

    private HttpRequestMessage BuildRequest(RestRoute route, Func<HttpContent>? content, string? token)
    {
        var request = new HttpRequestMessage(route.Method, new Uri(baseUrl + route.Path));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", token);
        }

        if (route.AuditLogReason is { Length: > 0 } reason)
        {
            // Discord wants it URL-encoded and keeps 512 characters.
            request.Headers.TryAddWithoutValidation("X-Audit-Log-Reason", Uri.EscapeDataString(reason.Length > MaxAuditLogReason ? reason[..MaxAuditLogReason] : reason));
        }

        if (content is not null)
        {
            request.Content = content();
        }

        return request;
    }

    private sealed record ErrorBody(int? Code, string? Message, JsonNode? Errors, TimeSpan? RetryAfter, bool Global);
}
