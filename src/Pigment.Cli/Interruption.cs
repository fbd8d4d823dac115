using System.Runtime.InteropServices;

namespace Pigment.Cli;

/// <summary>
/// Turns Ctrl+C and SIGTERM into a cancellation request, so long work can stop cleanly (a trainer checkpoints
/// first). A second Ctrl+C is left to the runtime and ends the process at once.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration? _term;
    private readonly ConsoleCancelEventHandler _handler;

    public Interruption()
    {
        _handler = (_, e) =>
        {
            if (_source.IsCancellationRequested)
                return;
            e.Cancel = true;
            Console.Error.WriteLine("pigment: stopping after this step (Ctrl+C again to abort)...");
            _source.Cancel();
        };
        Console.CancelKeyPress += _handler;
        if (!OperatingSystem.IsWindows())
        {
            _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Console.Error.WriteLine("pigment: SIGTERM received, stopping after this step...");
                _source.Cancel();
            });
        }
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= _handler;
        _term?.Dispose();
        _source.Dispose();
    }
}
