using System.Runtime.InteropServices;

namespace DcganSharp.Cli.Terminal;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a cancellation request, so training can finish
/// its step and save before exiting; a second signal exits at once.
/// </summary>
internal sealed class InterruptSignal : IDisposable
{
    readonly CancellationTokenSource source = new();
    readonly PosixSignalRegistration[] registrations;

    public InterruptSignal()
    {
        registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    public CancellationToken Token => source.Token;

    /// <summary>The signal that asked to stop, if one did.</summary>
    public PosixSignal? Signal { get; private set; }

    void Handle(PosixSignalContext context)
    {
        if (source.IsCancellationRequested)
            return; // second signal: let the default handler terminate the process
        context.Cancel = true;
        Signal = context.Signal;
        Console.Error.WriteLine();
        Console.Error.WriteLine($"{context.Signal}: finishing the current step and saving; press Ctrl-C again to exit at once");
        source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in registrations)
            registration.Dispose();
        source.Dispose();
    }
}
