namespace DcganSharp.Training;

/// <summary>Forwards a run's iterations to an <see cref="IProgress{T}"/> and its lines to a log callback (the library's reporter).</summary>
sealed class CallbackReporter(IProgress<IterationReport>? progress, Action<string>? log) : ITrainingReporter
{
    public void Info(string message) => log?.Invoke(message);

    public void Warn(string message) => log?.Invoke($"warning: {message}");

    public void Iteration(IterationReport report) => progress?.Report(report);

    public void EpochEnd(int epoch, int epochs, TimeSpan elapsed) => log?.Invoke($"epoch {epoch + 1}/{epochs} done in {elapsed.TotalSeconds:F1}s");
}
