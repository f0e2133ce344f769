namespace DcganSharp.Training;

/// <summary>Plain-text reporting: the reference's line per iteration, messages as they come.</summary>
internal class TextTrainingReporter(TextWriter output, TextWriter errors) : ITrainingReporter
{
    public virtual void Info(string message) => output.WriteLine(message);

    public virtual void Warn(string message) => errors.WriteLine($"warning: {message}");

    public virtual void Iteration(IterationReport report) => output.WriteLine(report.ReferenceLine);

    public virtual void EpochEnd(int epoch, int epochs, TimeSpan elapsed) =>
        output.WriteLine($"epoch {epoch + 1}/{epochs} done in {elapsed.TotalSeconds:F1}s");
}
