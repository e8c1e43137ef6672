using System.Diagnostics;

namespace OrleansWorkflows.Bench;

/// <summary>
/// A live progress line on stderr: what runs, how many items are done, the rate. Redrawn in place on a terminal;
/// when stderr is redirected (CI, tests), one line every 5 seconds instead.
/// </summary>
internal sealed class Progress : IDisposable
{
    private readonly Timer _timer;
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Stopwatch _clock = new();
    private string _label = string.Empty;
    private long _done;
    private long _total;
    private int _ticks;

    public Progress() => _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));

    public void Begin(string label, long total)
    {
        lock (_clock)
        {
            (_label, _total) = (label, total);
            Interlocked.Exchange(ref _done, 0);
            _clock.Restart();
        }
    }

    public void Add(long count = 1) => Interlocked.Add(ref _done, count);

    /// <summary>Prints a whole line (a finished row, a skip), clearing the progress line first.</summary>
    public void Line(string text)
    {
        lock (_clock)
        {
            Console.Error.Write(_terminal ? "\r\u001b[K" : string.Empty);
            Console.Error.WriteLine(text);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        if (_terminal)
        {
            Console.Error.Write("\r\u001b[K");
        }
    }

    private void Draw()
    {
        lock (_clock)
        {
            if (_label.Length == 0 || (!_terminal && ++_ticks % 20 != 0))
            {
                return;
            }

            var done = Interlocked.Read(ref _done);
            var seconds = _clock.Elapsed.TotalSeconds;
            var text = $"{_label}: {done:N0}/{_total:N0}  {seconds:0.0} s  {(seconds > 0 ? done / seconds : 0):N0}/s";
            Console.Error.Write(_terminal ? $"\r\u001b[K{text}" : text + Environment.NewLine);
        }
    }
}
