using System.Diagnostics;
using System.Net;
using System.Text;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>Proves the fake endpoints fail the way their names say.</summary>
public sealed class FakeEndpointSmokeTests : IDisposable
{
    private const string Request = """{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""";

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Dead_endpoint_refuses_the_connection()
    {
        using var dead = new DeadEndpoint();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(http, dead.Url));

        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
    }

    [Fact]
    public async Task Hanging_endpoint_times_a_request_out()
    {
        await using var hanging = new HangingEndpoint();
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAsync<TaskCanceledException>(() => PostAsync(impatient, hanging.Url));

        Assert.IsType<TimeoutException>(error.InnerException);
        // The kernel completes the connect from its backlog; the accept loop may count it a moment later.
        var deadline = TestClock.Instance.GetUtcNow().AddSeconds(5);
        while (hanging.ConnectionCount == 0 && TestClock.Instance.GetUtcNow() < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, hanging.ConnectionCount);
    }

    [Fact]
    public async Task Static_endpoint_answers_with_the_configured_status_and_body()
    {
        await using var rpcError = StaticHttpEndpoint.JsonRpcError(-32005, "limit exceeded");
        await using var malformed = StaticHttpEndpoint.Malformed();
        await using var unavailable = StaticHttpEndpoint.ServiceUnavailable();
        await using var limited = StaticHttpEndpoint.TooManyRequests(retryAfterSeconds: 2);

        using var first = await PostAsync(http, rpcError.Url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("""{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"limit exceeded"}}""", await first.Content.ReadAsStringAsync());
        Assert.Equal([Request], rpcError.RequestBodies);

        using var second = await PostAsync(http, malformed.Url);
        Assert.Equal("<html>oops", await second.Content.ReadAsStringAsync());

        using var third = await PostAsync(http, unavailable.Url);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);

        using var fourth = await PostAsync(http, limited.Url);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), fourth.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Delay_proxy_forwards_body_and_content_type_after_the_delay()
    {
        await using var target = new StaticHttpEndpoint(HttpStatusCode.Accepted, """{"jsonrpc":"2.0","id":1,"result":"0x38"}""");
        await using var proxy = new DelayProxy(target.Url, TimeSpan.FromMilliseconds(200));

        var stopwatch = Stopwatch.StartNew();
        using var response = await PostAsync(http, proxy.Url);
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"jsonrpc":"2.0","id":1,"result":"0x38"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([Request], target.RequestBodies);
        Assert.Equal(["application/json; charset=utf-8"], target.RequestContentTypes);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(200), $"took {stopwatch.Elapsed}");
        Assert.Equal(1, proxy.ForwardedCount);
    }

    public void Dispose() => http.Dispose();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Uri url)
    {
        using var content = new StringContent(Request, Encoding.UTF8, "application/json");
        return await client.PostAsync(url, content);
    }
}
