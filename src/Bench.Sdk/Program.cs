using System.Globalization;
using Grpc.Net.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansWorkflows.Bench.Sdk;

// The Durable Task SDK side of the benchmark tool (src/Bench), started by it as a child process:
//   --Mode=worker --Address=http://127.0.0.1:PORT   a worker (Microsoft.DurableTask.Worker.Grpc) of the gateway's gRPC
//                                                   endpoint, serving BenchTasks, until it is killed;
//   --Mode=testhost --Port=PORT                     InProcessTestHost (Durable Task Core in memory, its own in-process
//                                                   worker) with the same tasks, serving clients on PORT until killed.
// It prints "ready" once it serves.
var configuration = new ConfigurationBuilder().AddCommandLine(args).Build();
switch (configuration["Mode"])
{
    case "worker":
        var address = configuration["Address"] ?? throw new ArgumentException("--Mode=worker needs --Address=http://host:port.");
        using (var channel = GrpcChannel.ForAddress(address))
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddDurableTaskWorker(worker =>
            {
                worker.UseGrpc(channel);
                worker.AddTasks(BenchTasks.Register);
            });
            using var host = builder.Build();
            await host.StartAsync();
            Console.WriteLine("ready");
            await host.WaitForShutdownAsync();
        }

        return 0;
    case "testhost":
        var port = int.Parse(configuration["Port"] ?? throw new ArgumentException("--Mode=testhost needs --Port=N."), CultureInfo.InvariantCulture);
        await using (await DurableTaskTestHost.StartAsync(BenchTasks.Register, new DurableTaskTestHostOptions { Port = port }))
        {
            Console.WriteLine("ready");
            await Task.Delay(Timeout.Infinite);
        }

        return 0;
    default:
        Console.Error.WriteLine("usage: OrleansWorkflows.Bench.Sdk --Mode=worker --Address=http://host:port | --Mode=testhost --Port=N");
        return 2;
}
