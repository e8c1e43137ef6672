using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpenTelemetry;
using OpenTelemetry.Trace;

var mode = args.Length > 0 ? args[0] : "otel";
var src = new ActivitySource("X");
IDisposable? provider = null;
ActivityListener? bare = null;
if (mode == "otel") provider = Sdk.CreateTracerProviderBuilder().AddSource("X").Build();
else if (mode == "otelbatch") provider = Sdk.CreateTracerProviderBuilder().AddSource("X").AddProcessor(new BatchActivityExportProcessor(new NullExporter(), 200000, 500, 30000, 2048)).Build();
else if (mode == "bare") { bare = new ActivityListener { ShouldListenTo = s => s.Name == "X", Sample = (ref ActivityCreationOptions<ActivityContext> o) => ActivitySamplingResult.AllDataAndRecorded }; ActivitySource.AddActivityListener(bare); }
var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, null, true);
string inst = "hello3-0001-abcdef", exec = Guid.NewGuid().ToString("N");
object boxed = 1;
void One()
{
    var tags = new KeyValuePair<string, object?>[] { new("durabletask.type", "activity"), new("durabletask.task.name", "Hello"), new("durabletask.task.task_id", boxed), new("durabletask.task.execution_id", exec), new("durabletask.task.instance_id", inst), new("durabletask.task.attempt", boxed) };
    var prev = Activity.Current; Activity.Current = null;
    var start = DateTime.UtcNow;
    var a = src.StartActivity("activity:Hello", ActivityKind.Client, parent, tags, null, new DateTimeOffset(start));
    if (a != null) { SpanIdOf(a) = ActivitySpanId.CreateRandom().ToHexString(); IdOf(a) = null; a.SetEndTime(start.AddTicks(10)); a.Stop(); }
    Activity.Current = prev;
}
for (int i = 0; i < 200_000; i++) One();
for (int round = 0; round < 3; round++)
{
    var alloc0 = GC.GetTotalAllocatedBytes(true);
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    const int N = 1_000_000;
    for (int i = 0; i < N; i++) One();
    sw.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    Console.WriteLine($"{mode}: {sw.Elapsed.TotalMilliseconds * 1000 / N:F2} µs/span wall, {cpu.TotalMilliseconds * 1000 / N:F2} µs/span cpu, {(GC.GetTotalAllocatedBytes(true) - alloc0) / N} B/span");
}
provider?.Dispose();

[UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_spanId")] static extern ref string? SpanIdOf(Activity activity);
[UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_id")] static extern ref string? IdOf(Activity activity);
class NullExporter : BaseExporter<Activity> { public override ExportResult Export(in Batch<Activity> batch) { foreach (var a in batch) { } return ExportResult.Success; } }
