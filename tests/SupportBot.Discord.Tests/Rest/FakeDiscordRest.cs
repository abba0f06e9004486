using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SupportBot.Discord.Tests.OpenApi;

namespace SupportBot.Discord.Tests.Rest;

/// <summary>
/// A fake Discord REST API v10 on a loopback port, for driving the real <c>DiscordRestClient</c> over real HTTP.
/// It checks what Discord checks (bot authorization except on interaction-token routes, a <c>DiscordBot (…)</c>
/// User-Agent, a JSON body), answers with realistic objects (snowflakes as strings), enforces per-route rate limits
/// with Discord's headers and 429s, and keeps messages, DM channels, commands and interaction responses.
/// Tests inject 429s (bucket or global), 5xx, 401 and JSON errors, and read every request it received.
/// Every request body is checked against Discord's OpenAPI description of its operation: a body that breaks it gets
/// 400 (50035), and disposing the fake then fails the test (<see cref="SchemaViolations"/>). A multipart/form-data
/// message is checked the same way through its <c>payload_json</c>, and its <c>files[n]</c> must match its attachments.
/// All members are thread-safe.
/// </summary>
public sealed partial class FakeDiscordRest : IAsyncDisposable
{
    public const string DefaultToken = "MTAw.fake.bot-token";

    public const string BasePath = "/api/v10";

    /// <summary>Discord's epoch for snowflakes (2015-01-01 UTC) in Unix milliseconds.</summary>
    private const long DiscordEpoch = 1420070400000;

    private readonly Lock gate = new();
    private readonly long started = Stopwatch.GetTimestamp();
    private readonly List<FakeRestRequest> requests = [];
    private readonly List<string> schemaViolations = [];
    private readonly List<(FakeRoute? Route, FakeFault Fault)> faults = [];
    private readonly Dictionary<FakeRoute, FakeRateLimit> rateLimits = [];
    private readonly Dictionary<string, BucketWindow> windows = new(StringComparer.Ordinal);
    private TaskCompletionSource changed = NewSignal();
    private TimeSpan globalBlockEnd;
    private ulong lastSnowflake;
    private WebApplication? app;

    private FakeDiscordRest(string token)
    {
        Token = token;
        foreach (var route in Enum.GetValues<FakeRoute>())
        {
            // Generous defaults, with a distinct opaque bucket id per route as Discord sends.
            rateLimits[route] = new FakeRateLimit(BucketId(route), 50, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The bot token the fake accepts in <c>Authorization: Bot …</c>.</summary>
    public string Token { get; }

    public ulong ApplicationId { get; } = 200;

    public ulong BotUserId { get; } = 100;

    /// <summary>The URL <c>GET /gateway/bot</c> returns.</summary>
    public string GatewayUrl { get; set; } = "wss://gateway.discord.gg";

    /// <summary><c>shards</c> of <c>GET /gateway/bot</c>: the number of shards Discord recommends.</summary>
    public int RecommendedShards { get; set; } = 1;

    /// <summary><c>session_start_limit.remaining</c>.</summary>
    public int SessionStartsRemaining { get; set; } = 999;

    /// <summary><c>session_start_limit.reset_after</c>.</summary>
    public TimeSpan SessionStartsResetAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary><c>session_start_limit.max_concurrency</c>.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>The base URL to configure the client with: <c>http://127.0.0.1:{port}/api/v10</c>.</summary>
    public string ApiBaseUrl { get; private set; } = "";

    /// <summary>Every request received, in order of arrival.</summary>
    public IReadOnlyList<FakeRestRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>Request bodies that broke Discord's OpenAPI description, with what was wrong.</summary>
    public IReadOnlyList<string> SchemaViolations
    {
        get
        {
            lock (gate)
            {
                return [.. schemaViolations];
            }
        }
    }

    /// <summary>A test that sends invalid bodies on purpose sets this, so disposing does not fail it.</summary>
    public bool SchemaViolationsExpected { get; set; }

    /// <summary>Time since the fake started, on the clock of <see cref="FakeRestRequest.At"/>.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(started);

    public static async Task<FakeDiscordRest> StartAsync(string token = DefaultToken)
    {
        var fake = new FakeDiscordRest(token);
        try
        {
            await fake.StartHostAsync();
            return fake;
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }
    }

    public IReadOnlyList<FakeRestRequest> RequestsTo(FakeRoute route)
    {
        lock (gate)
        {
            return [.. requests.Where(r => r.Route == route)];
        }
    }

    /// <summary>Sets the rate limit of <paramref name="route"/> (and opens fresh windows).</summary>
    public void SetRateLimit(FakeRoute route, FakeRateLimit limit)
    {
        lock (gate)
        {
            rateLimits[route] = limit;
            windows.Clear();
        }
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> requests to <paramref name="route"/> (any route when null) with
    /// <paramref name="fault"/> instead of serving them, after the authorization and header checks.
    /// </summary>
    public void Inject(FakeRoute? route, FakeFault fault, int count = 1)
    {
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                faults.Add((route, fault));
            }
        }
    }

    /// <summary>Waits until the requests received satisfy <paramref name="condition"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<FakeRestRequest>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(5)).TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (condition(requests))
                {
                    return;
                }

                signal = changed.Task;
            }

            var left = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"The fake did not receive the expected requests; it has {Requests.Count}.");
            }

            try
            {
                await signal.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                // Checked once more above, then reported.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }

        if (!SchemaViolationsExpected && SchemaViolations is { Count: > 0 } violations)
        {
            throw new InvalidOperationException("Request bodies broke Discord's OpenAPI description:\n" + string.Join("\n", violations));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string BucketId(FakeRoute route) =>
        Convert.ToHexStringLower(BitConverter.GetBytes(((int)route + 1) * 0x2545F491)) + "fa4e";

    private static string Seconds(TimeSpan value) =>
        (Math.Ceiling(value.TotalMilliseconds) / 1000).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>What is wrong with a JSON body by Discord's OpenAPI description; null when nothing (or not JSON: checked later).</summary>
    private static string? SchemaViolation(string method, FakeRoute route, string body)
    {
        if (!HasBody(method, route) || OpenApiPath(route) is not { } template)
        {
            return null;
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        IReadOnlyList<string> problems;
        try
        {
            problems = DiscordOpenApi.Check(method, template, json);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            problems = ["the body could not be checked: " + ex.Message];
        }

        return problems.Count > 0 ? $"{method} {template}: {string.Join("; ", problems)}\n  body: {body}" : null;
    }

    /// <summary>The operation's path in Discord's OpenAPI description.</summary>
    private static string? OpenApiPath(FakeRoute route) => route switch
    {
        FakeRoute.CreateDm => "/users/@me/channels",
        FakeRoute.CreateMessage => "/channels/{channel_id}/messages",
        FakeRoute.EditMessage => "/channels/{channel_id}/messages/{message_id}",
        FakeRoute.BulkOverwriteGlobalCommands => "/applications/{application_id}/commands",
        FakeRoute.InteractionCallback => "/interactions/{interaction_id}/{interaction_token}/callback",
        FakeRoute.EditOriginalResponse => "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
        FakeRoute.CreateFollowup => "/webhooks/{webhook_id}/{webhook_token}",
        FakeRoute.StartThread => "/channels/{channel_id}/threads",
        FakeRoute.ModifyChannel => "/channels/{channel_id}",
        FakeRoute.ModifyGuildMember => "/guilds/{guild_id}/members/{user_id}",
        _ => null,
    };

    /// <summary>Whether the request carries a body; Add Thread Member is a PUT without one.</summary>
    private static bool HasBody(string method, FakeRoute route) => method is "POST" or "PUT" or "PATCH" && route != FakeRoute.AddThreadMember;

    private async Task StartHostAsync()
    {
        // The description is large: load it and build every operation's schema before the first request is timed.
        await Task.Run(() =>
        {
            foreach (var route in Enum.GetValues<FakeRoute>())
            {
                if (OpenApiPath(route) is { } template)
                {
                    DiscordOpenApi.Prepare(route switch
                    {
                        FakeRoute.EditMessage or FakeRoute.EditOriginalResponse or FakeRoute.ModifyChannel or FakeRoute.ModifyGuildMember => "PATCH",
                        FakeRoute.BulkOverwriteGlobalCommands => "PUT",
                        _ => "POST",
                    }, template);
                }
            }
        });

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeDiscordRest).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        ApiBaseUrl = app.Urls.First().TrimEnd('/') + BasePath;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var at = Elapsed;
        var receivedAt = TestClock.Instance.GetUtcNow();
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var path = request.Path.Value ?? "";
        var match = Match(request.Method, path);
        // A multipart message is its payload_json plus files: the JSON is what is checked and served.
        var form = await FakeMultipart.ReadAsync(headers, body);
        if (form is not null)
        {
            body = form.PayloadJson;
        }

        // Checked outside the lock: evaluating a schema takes time that must not hold up other requests' rate limits.
        var violation = match is not null ? SchemaViolation(request.Method, match.Route, body) : null;
        Reply reply;
        lock (gate)
        {
            reply = match is null
                ? Reply.Error(404, 0, "404: Not Found")
                : Serve(match, request.Method, headers, body, form, violation, at, receivedAt);
            requests.Add(new FakeRestRequest(request.Method, path, match?.Route, headers, body, at, receivedAt, reply.Status, reply.Headers)
            {
                Files = form?.Files ?? [],
            });
            var previous = changed;
            changed = NewSignal();
            previous.TrySetResult();
        }

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (reply.Body is not null)
        {
            context.Response.ContentType = reply.ContentType;
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
    }

    /// <summary>Checks, faults, global block, rate limit, then the endpoint. Called under the lock.</summary>
    private Reply Serve(RouteMatch match, string method, Dictionary<string, string> headers, string body, FakeMultipart? form, string? violation, TimeSpan now,
        DateTimeOffset wallClock)
    {
        if (!headers.TryGetValue("User-Agent", out var agent) || !agent.StartsWith("DiscordBot (", StringComparison.Ordinal))
        {
            return Reply.Error(400, 0, "A User-Agent of the form 'DiscordBot ($url, $versionNumber)' is required.");
        }

        if (match.BotAuthorized && (!headers.TryGetValue("Authorization", out var auth) || auth != "Bot " + Token))
        {
            return Reply.Error(401, 0, "401: Unauthorized");
        }

        JsonNode? json = null;
        if (HasBody(method, match.Route))
        {
            var multipartAllowed = match.Route == FakeRoute.CreateMessage;
            if (form is not null ? !multipartAllowed || form.Problem is not null
                : !headers.TryGetValue("Content-Type", out var type) || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return Reply.Error(400, 50035, "Invalid Form Body" + (form?.Problem is { } problem ? ": " + problem : ""));
            }

            try
            {
                json = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return Reply.Error(400, 50109, "The request body contains invalid JSON.");
            }

            if (violation is not null)
            {
                schemaViolations.Add(violation);
                return Reply.Error(400, 50035, "Invalid Form Body: " + violation);
            }
        }

        var limit = rateLimits[match.Route];
        var windowKey = limit.Bucket + " " + match.MajorParameter;
        if (!windows.TryGetValue(windowKey, out var window) || now >= window.End)
        {
            window = new BucketWindow { End = now + limit.ResetAfter };
            windows[windowKey] = window;
        }

        var index = faults.FindIndex(f => f.Route is null || f.Route == match.Route);
        if (index >= 0)
        {
            var fault = faults[index].Fault;
            faults.RemoveAt(index);
            if (fault.GlobalBlock is { } block)
            {
                globalBlockEnd = now + block;
                return new Reply(fault.Status, fault.Body, fault.ContentType, new Dictionary<string, string>(fault.Headers));
            }

            var faultHeaders = LimitHeaders(limit, window, now, wallClock);
            foreach (var (name, value) in fault.Headers)
            {
                faultHeaders[name] = value;
            }

            return new Reply(fault.Status, fault.Body, fault.ContentType, faultHeaders);
        }

        if (match.BotAuthorized && now < globalBlockEnd)
        {
            var left = globalBlockEnd - now;
            return new Reply(429, FakeFault.Json(new JsonObject
            {
                ["message"] = "You are being rate limited.",
                ["retry_after"] = Math.Ceiling(left.TotalMilliseconds) / 1000,
                ["global"] = true,
            }), "application/json", new Dictionary<string, string>
            {
                ["Retry-After"] = Math.Ceiling(left.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                ["X-RateLimit-Global"] = "true",
                ["X-RateLimit-Scope"] = "global",
            });
        }

        if (window.Used >= limit.Limit)
        {
            var left = window.End - now;
            var limited = LimitHeaders(limit, window, now, wallClock);
            limited["Retry-After"] = Math.Ceiling(left.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            limited["X-RateLimit-Scope"] = "user";
            return new Reply(429, FakeFault.Json(new JsonObject
            {
                ["message"] = "You are being rate limited.",
                ["retry_after"] = Math.Ceiling(left.TotalMilliseconds) / 1000,
                ["global"] = false,
            }), "application/json", limited);
        }

        window.Used++;
        var reply = Endpoint(match, json, form?.Files ?? []);
        foreach (var (name, value) in LimitHeaders(limit, window, now, wallClock))
        {
            reply.Headers[name] = value;
        }

        return reply;
    }

    private static Dictionary<string, string> LimitHeaders(FakeRateLimit limit, BucketWindow window, TimeSpan now, DateTimeOffset wallClock)
    {
        var left = window.End - now;
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-RateLimit-Limit"] = limit.Limit.ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Remaining"] = Math.Max(0, limit.Limit - window.Used).ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Reset"] = ((wallClock + left).ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture),
            ["X-RateLimit-Reset-After"] = Seconds(left),
            ["X-RateLimit-Bucket"] = limit.Bucket,
        };
    }

    /// <summary>A new snowflake: milliseconds since Discord's epoch, worker 1, an increment.</summary>
    private ulong NextSnowflake()
    {
        var candidate = ((ulong)(TestClock.Instance.GetUtcNow().ToUnixTimeMilliseconds() - DiscordEpoch) << 22) | (1UL << 17);
        lastSnowflake = Math.Max(candidate, lastSnowflake + 1);
        return lastSnowflake;
    }

    private sealed class BucketWindow
    {
        public int Used { get; set; }

        public TimeSpan End { get; init; }
    }

    /// <summary>A matched route with its path parameters.</summary>
    private sealed record RouteMatch(FakeRoute Route, string MajorParameter, bool BotAuthorized, IReadOnlyList<string> Parameters);

    private sealed record Reply(int Status, string? Body, string ContentType, Dictionary<string, string> Headers)
    {
        public static Reply Json(int status, JsonNode body) => new(status, body.ToJsonString(), "application/json", []);

        public static Reply NoContent() => new(204, null, "", []);

        public static Reply Error(int status, int code, string message, JsonObject? errors = null)
        {
            var body = new JsonObject { ["message"] = message, ["code"] = code };
            if (errors is not null)
            {
                body["errors"] = errors;
            }

            return Json(status, body);
        }
    }
}
