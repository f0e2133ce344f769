namespace DcganSharp.Training;

/// <summary>
/// What one training iteration reports, as printed by pytorch/examples: the discriminator loss
/// (real + fake), the generator loss, D's mean output on the real batch, and D's mean output on
/// the fake batch before (D step) and after (G step) D's update.
/// </summary>
public readonly record struct StepStatistics(float LossD, float LossG, float DReal, float DFakeBeforeUpdate, float DFakeAfterUpdate)
{
    public bool IsFinite =>
        float.IsFinite(LossD) && float.IsFinite(LossG) && float.IsFinite(DReal) &&
        float.IsFinite(DFakeBeforeUpdate) && float.IsFinite(DFakeAfterUpdate);
}
