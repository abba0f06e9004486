using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SupportBot.Telegram.Tests.Fakes;

/// <summary>
/// A fake Telegram Bot API server on a loopback port, for driving the real Telegram.Bot client over real HTTP.
/// It follows the documented protocol: <c>POST /bot{token}/{method}</c> with JSON, form or multipart parameters;
/// <c>{"ok":true,"result":…}</c> answers (never a null result) and <c>{"ok":false,"error_code":N,"description":"…"}</c>
/// errors with HTTP status N; long polling with offset confirmation; webhooks delivered with the secret header.
/// Tests enqueue updates, read what the bot sent, and inject rate limits and errors. All members are thread-safe.
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    /// <summary>The default token: bot id 123456.</summary>
    public const string DefaultToken = "123456:TEST";

    private static readonly JsonSerializerOptions JsonOut = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock gate = new();
    private readonly FakeBotApiOptions options;
    private readonly CancellationTokenSource disposing = new();
    private readonly HttpClient webhookClient;
    private readonly Dictionary<string, (string Name, Func<BotApiParameters, CancellationToken, ValueTask<Answer>> Run)> methods;
    private readonly List<ApiCall> calls = [];
    private TaskCompletionSource changed = NewSignal();
    private WebApplication? app;
    private int disposed;

    private FakeBotApi(FakeBotApiOptions options)
    {
        this.options = options;
        Token = options.Token;
        var colon = Token.IndexOf(':', StringComparison.Ordinal);
        BotId = colon > 0 && long.TryParse(Token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ArgumentException("A bot token looks like <digits>:<secret>.", nameof(options));
        nextUpdateId = options.FirstUpdateId;
        var trusted = options.TrustedWebhookCertificate;
        var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || (trusted is not null && certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString());
        webhookClient = new HttpClient(handler) { Timeout = options.WebhookTimeout };
        methods = new(StringComparer.OrdinalIgnoreCase);
        Register("getMe", (p, _) => Sync(GetMe(p)));
        Register("getUpdates", GetUpdatesAsync);
        Register("setWebhook", (p, _) => Sync(SetWebhook(p)));
        Register("deleteWebhook", (p, _) => Sync(DeleteWebhook(p)));
        Register("getWebhookInfo", (p, _) => Sync(GetWebhookInfo(p)));
        Register("sendMessage", (p, _) => Sync(SendMessage(p)));
        Register("editMessageText", (p, _) => Sync(EditMessageText(p)));
        Register("editMessageReplyMarkup", (p, _) => Sync(EditMessageReplyMarkup(p)));
        Register("deleteMessage", (p, _) => Sync(DeleteMessage(p)));
        Register("deleteMessages", (p, _) => Sync(DeleteMessages(p)));
        Register("sendChatAction", (p, _) => Sync(SendChatAction(p)));
        Register("answerCallbackQuery", (p, _) => Sync(AnswerCallbackQuery(p)));
        Register("getChatMember", (p, _) => Sync(GetChatMember(p)));
        Register("getChatAdministrators", (p, _) => Sync(GetChatAdministrators(p)));
        Register("restrictChatMember", (p, _) => Sync(RestrictChatMember(p)));
        Register("setMyCommands", (p, _) => Sync(SetMyCommands(p)));
        Register("getMyCommands", (p, _) => Sync(GetMyCommands(p)));
        Register("deleteMyCommands", (p, _) => Sync(DeleteMyCommands(p)));
        Register("getChat", (p, _) => Sync(GetChat(p)));
        Register("createForumTopic", (p, _) => Sync(CreateForumTopic(p)));
        Register("closeForumTopic", (p, _) => Sync(SetTopicClosed(p, closed: true)));
        Register("reopenForumTopic", (p, _) => Sync(SetTopicClosed(p, closed: false)));
        Register("copyMessage", (p, _) => Sync(CopyMessage(p)));
        Register("sendDocument", (p, _) => Sync(SendDocument(p)));
    }

    /// <summary>Base URL for <c>TelegramBotClientOptions(token, baseUrl: fake.Url.ToString())</c>.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The token the fake accepts (others get 401 Unauthorized).</summary>
    public string Token { get; }

    /// <summary>The bot's user id: the digits of <see cref="Token"/> before ':'.</summary>
    public long BotId { get; }

    /// <summary>Every call the fake answered, in order, with its status.</summary>
    public IReadOnlyList<ApiCall> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    /// <summary>Starts a fake on <c>http://127.0.0.1:{free port}/</c>.</summary>
    public static async Task<FakeBotApi> StartAsync(FakeBotApiOptions? options = null, CancellationToken cancellationToken = default)
    {
        var fake = new FakeBotApi(options ?? new FakeBotApiOptions());
        try
        {
            await fake.StartHostAsync(cancellationToken);
            return fake;
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }
    }

    /// <summary>Calls of <paramref name="method"/> (any case), in order.</summary>
    public IReadOnlyList<ApiCall> CallsOf(string method)
    {
        lock (gate)
        {
            return [.. calls.Where(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase))];
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; it is re-checked after every change in the fake.</summary>
    /// <exception cref="TimeoutException">The condition did not hold in time.</exception>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? options.DefaultWaitTimeout;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Task signal;
            lock (gate)
            {
                signal = changed.Task;
            }

            if (condition())
            {
                return;
            }

            var remaining = limit - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.###} s waiting for {description ?? "a condition"}.");
            }

            try
            {
                await signal.WaitAsync(remaining, disposing.Token);
            }
            catch (TimeoutException)
            {
                // Checked once more at the top, then reported.
            }
            catch (OperationCanceledException) when (disposing.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(FakeBotApi));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await disposing.CancelAsync();
        WebhookState? hook;
        lock (gate)
        {
            hook = webhook;
            webhook = null;
            NotifyChanged();
        }

        if (hook is not null)
        {
            await hook.StopAsync();
        }

        if (app is not null)
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await app.StopAsync(stopTimeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Shutting down anyway.
            }

            await app.DisposeAsync();
        }

        webhookClient.Dispose();
        disposing.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static ValueTask<Answer> Sync(Answer answer) => ValueTask.FromResult(answer);

    private static JsonObject ErrorBody(BotApiException error)
    {
        var body = new JsonObject
        {
            ["ok"] = false,
            ["error_code"] = error.ErrorCode,
            ["description"] = error.Message,
        };
        if (error.RetryAfter is { } retryAfter)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = retryAfter };
        }

        return body;
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        try
        {
            await context.Response.WriteAsync(body.ToJsonString(JsonOut), context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (e.g. a cancelled long poll).
        }
    }

    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var values = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            values[key] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (key, value) in form)
            {
                values[key] = value.ToString();
            }

            // An uploaded file: its name, type and size, and (for the tests' reading) its content as UTF-8 text.
            foreach (var file in form.Files)
            {
                using var content = new StreamReader(file.OpenReadStream());
                values[file.Name] = new JsonObject
                {
                    ["file_name"] = file.FileName,
                    ["content_type"] = file.ContentType,
                    ["size"] = file.Length,
                    ["text"] = await content.ReadToEndAsync(cancellationToken),
                };
            }

            return values;
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return values;
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw BotApiException.BadRequest("can't parse JSON encoded request body");
        }

        if (body is not JsonObject fields)
        {
            throw BotApiException.BadRequest("JSON encoded request body must be an object");
        }

        foreach (var (key, value) in fields)
        {
            values[key] = value?.DeepClone();
        }

        return values;
    }

    private void Register(string name, Func<BotApiParameters, CancellationToken, ValueTask<Answer>> run) => methods[name] = (name, run);

    private async Task StartHostAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeBotApi).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.Run(HandleHttpAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        Url = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    private async Task HandleHttpAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var slash = path.StartsWith("/bot", StringComparison.Ordinal) ? path.IndexOf('/', 4) : -1;
        if (slash < 0)
        {
            await WriteAsync(context, 404, ErrorBody(new BotApiException(404, "Not Found")));
            return;
        }

        var token = path[4..slash];
        var method = path[(slash + 1)..];
        if (!string.Equals(token, Token, StringComparison.Ordinal))
        {
            await WriteAsync(context, 401, ErrorBody(new BotApiException(401, "Unauthorized")));
            return;
        }

        if (!methods.TryGetValue(method, out var entry))
        {
            await RecordAndWriteAsync(context, method, [], new BotApiException(404, "Not Found: method not found"));
            return;
        }

        JsonObject parameters;
        try
        {
            parameters = await ReadParametersAsync(context.Request, context.RequestAborted);
        }
        catch (BotApiException error)
        {
            await RecordAndWriteAsync(context, entry.Name, [], error);
            return;
        }
        catch (Exception error) when (error is IOException or InvalidDataException)
        {
            await RecordAndWriteAsync(context, entry.Name, [], BotApiException.BadRequest("can't read request body"));
            return;
        }

        try
        {
            var (status, body) = await InvokeAsync(entry.Name, entry.Run, parameters, "http", context.RequestAborted);
            await WriteAsync(context, status, body);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || disposing.IsCancellationRequested)
        {
            // The client gave up on the request (or the fake is stopping); nobody is listening for an answer.
        }
    }

    private async Task RecordAndWriteAsync(HttpContext context, string method, JsonObject parameters, BotApiException error)
    {
        Record(method, parameters, error.ErrorCode, error.Message, "http");
        await WriteAsync(context, error.ErrorCode, ErrorBody(error));
    }

    private async Task<(int Status, JsonObject Body)> InvokeAsync(
        string method,
        Func<BotApiParameters, CancellationToken, ValueTask<Answer>> run,
        JsonObject parameters,
        string source,
        CancellationToken cancellationToken)
    {
        var snapshot = (JsonObject)parameters.DeepClone();
        try
        {
            var arguments = new BotApiParameters(parameters);
            ThrowIfFaultInjected(method, arguments);
            var answer = await run(arguments, cancellationToken);
            var body = new JsonObject { ["ok"] = true, ["result"] = answer.Result };
            if (answer.Description is not null)
            {
                body["description"] = answer.Description;
            }

            Record(method, snapshot, 200, null, source);
            if (ShouldHang(method, arguments))
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposing.Token);
                await Task.Delay(Timeout.Infinite, stop.Token); // done, but the answer is lost: ends when the client gives up
            }

            return (200, body);
        }
        catch (BotApiException error)
        {
            Record(method, snapshot, error.ErrorCode, error.Message, source);
            return (error.ErrorCode, ErrorBody(error));
        }
    }

    private void Record(string method, JsonObject parameters, int status, string? error, string source)
    {
        lock (gate)
        {
            calls.Add(new ApiCall(method, parameters, status, error, source, Now));
            if (status == 200 && MessageMethods.Contains(method))
            {
                messageArrivals.Add(options.TimeProvider.GetTimestamp());
            }

            NotifyChanged();
        }
    }

    /// <summary>Wakes everything waiting for a change (long polls, the webhook loop, WaitFor… helpers). Call under the lock.</summary>
    private void NotifyChanged()
    {
        var previous = changed;
        changed = NewSignal();
        previous.TrySetResult();
    }

    /// <summary>A method's result (never null) and the optional description Telegram adds to some answers.</summary>
    private sealed record Answer(JsonNode Result, string? Description = null);
}
