namespace DcganSharp.Evaluation;

/// <summary>Training and test images; disposing it releases the data both were taken from.</summary>
/// <param name="TestDescription">What the test images are, for reports ("the 10,000-image test split").</param>
internal sealed record TrainTestSplit(LabelledImages Train, LabelledImages Test, string TestDescription, IReadOnlyList<LabelledImages> Owned) : IDisposable
{
    public void Dispose()
    {
        foreach (var data in Owned)
            data.Dispose();
    }
}
