namespace DcganSharp.Training;

/// <summary>Receives what a training run has to say; the CLI prints it, tests record it.</summary>
internal interface ITrainingReporter
{
    /// <summary>A line of information (configuration, seed, files written, warnings).</summary>
    void Info(string message);

    /// <summary>A warning that does not stop training.</summary>
    void Warn(string message);

    /// <summary>One finished iteration.</summary>
    void Iteration(IterationReport report);

    /// <summary>An epoch finished.</summary>
    void EpochEnd(int epoch, int epochs, TimeSpan elapsed);
}
