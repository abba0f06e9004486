using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SupportBot.Discord.Tests.Channel;

/// <summary>
/// A JSON-RPC node on loopback that holds every request until <see cref="Release"/>: a lookup that is slow for as long
/// as the test wants, with no clock involved. It then answers as BNB Smart Chain with no such transaction.
/// </summary>
internal sealed class GatedRpcNode : IAsyncDisposable
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WebApplication app;

    private GatedRpcNode(WebApplication app) => this.app = app;

    public Uri Url => new(app.Urls.First());

    /// <summary>Completes when the first request has arrived (and is being held).</summary>
    public Task FirstRequest => firstRequest.Task;

    public static async Task<GatedRpcNode> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var node = new GatedRpcNode(app);
        app.Run(node.HandleAsync);
        await app.StartAsync();
        return node;
    }

    /// <summary>Lets held and later requests through.</summary>
    public void Release() => released.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body);
        firstRequest.TrySetResult();
        await released.Task.WaitAsync(context.RequestAborted);
        JsonNode answer = request is JsonArray batch
            ? new JsonArray([.. batch.Select(call => Answer(call!))])
            : Answer(request!);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private static JsonObject Answer(JsonNode call) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = call["id"]?.DeepClone(),
        ["result"] = call["method"]!.GetValue<string>() switch
        {
            "eth_chainId" => "0x38",
            "eth_blockNumber" => "0x1000",
            _ => null,
        },
    };
}
