namespace OrleansWorkflows.DurableTaskGrpcTests.Protocol;

using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;
using P = Microsoft.DurableTask.Protobuf;

/// <summary>The endpoint itself: API keys from call metadata, health pings on idle streams, the HTTP endpoint kept beside it,
/// and refusals as gRPC statuses.</summary>
public sealed class EndpointTests
{
    [Fact]
    public async Task ApiKey_Configured_CallsWithoutItAreUnauthenticated_WithItServed()
    {
        await using var gateway = await GatewayHost.StartAsync(o => o.ApiKeys = ["s3cret"]);
        await using var anonymous = await SdkWorker.StartAsync(gateway.GrpcAddress, tasks: null);
        await using var keyed = await SdkWorker.StartAsync(gateway.GrpcAddress, tasks: null, apiKey: "s3cret");
        await using var wrong = await SdkWorker.StartAsync(gateway.GrpcAddress, tasks: null, apiKey: "guess");

        var refused = await Assert.ThrowsAsync<RpcException>(() => anonymous.Client.GetInstanceAsync("any"));
        var refusedWrong = await Assert.ThrowsAsync<RpcException>(() => wrong.Client.GetInstanceAsync("any"));
        var served = await keyed.Client.GetInstanceAsync("any");

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, refusedWrong.StatusCode);
        Assert.Null(served);
    }

    [Fact]
    public async Task IdleWorkItemStream_GetsHealthPings()
    {
        await using var gateway = await GatewayHost.StartAsync(o => o.HealthPingInterval = TimeSpan.FromMilliseconds(200));
        using var channel = GrpcChannel.ForAddress(gateway.GrpcAddress);
        var sidecar = new P.TaskHubSidecarService.TaskHubSidecarServiceClient(channel);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var stream = sidecar.GetWorkItems(new P.GetWorkItemsRequest(), cancellationToken: timeout.Token);
        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(P.WorkItem.RequestOneofCase.HealthPing, stream.ResponseStream.Current.RequestCase);
        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(P.WorkItem.RequestOneofCase.HealthPing, stream.ResponseStream.Current.RequestCase);
    }

    [Fact]
    public async Task HttpEndpoint_IsKeptBesideTheGrpcEndpoint()
    {
        await using var gateway = await GatewayHost.StartAsync();
        using var http = new HttpClient { BaseAddress = gateway.HttpAddress };

        Assert.Equal("pong", await http.GetStringAsync(new Uri("/ping", UriKind.Relative)));
    }

    [Fact]
    public async Task Refusals_AreGrpcStatuses_AndChangeNothing()
    {
        await using var gateway = await GatewayHost.StartAsync();
        await using var app = await SdkWorker.StartAsync(gateway.GrpcAddress, tasks: null);
        using var channel = GrpcChannel.ForAddress(gateway.GrpcAddress);
        var sidecar = new P.TaskHubSidecarService.TaskHubSidecarServiceClient(channel);

        var notJson = await Assert.ThrowsAsync<RpcException>(async () => await sidecar.StartInstanceAsync(
            new P.CreateInstanceRequest { InstanceId = "bad-input-1", Name = "HelloSequence", Input = "{not json" }));
        var badId = await Assert.ThrowsAsync<RpcException>(async () => await sidecar.StartInstanceAsync(new P.CreateInstanceRequest { InstanceId = "bad/id", Name = "HelloSequence" }));
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await sidecar.RaiseEventAsync(new P.RaiseEventRequest { InstanceId = "no-such-instance", Name = "Approval" }));
        var unserved = await Assert.ThrowsAsync<RpcException>(async () => await sidecar.SignalEntityAsync(new P.SignalEntityRequest { InstanceId = "@counter@a", Name = "add" }));

        Assert.Equal(StatusCode.InvalidArgument, notJson.StatusCode);
        Assert.Contains("not valid JSON", notJson.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, unserved.StatusCode);
        Assert.Null(await app.Client.GetInstanceAsync("bad-input-1"));
    }
}
