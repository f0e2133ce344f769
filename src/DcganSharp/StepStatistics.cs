namespace DcganSharp;

/// <summary>
/// What one training iteration reports, as printed by pytorch/examples: the discriminator loss
/// (real + fake), the generator loss, D's mean output on the real batch, and D's mean output on
/// the fake batch before (D step) and after (G step) D's update.
/// </summary>
/// <param name="LossD">D's loss: real images' plus fake images' binary cross-entropy.</param>
/// <param name="LossG">G's loss: binary cross-entropy of D's verdict on fakes against "real".</param>
/// <param name="DReal">D's mean output on the real batch, D(x).</param>
/// <param name="DFakeBeforeUpdate">D's mean output on the fakes before D's step, D(G(z)) (first).</param>
/// <param name="DFakeAfterUpdate">D's mean output on the fakes after D's step, D(G(z)) (second).</param>
public readonly record struct StepStatistics(float LossD, float LossG, float DReal, float DFakeBeforeUpdate, float DFakeAfterUpdate)
{
    /// <summary>False when a loss or an output is NaN or infinite (training diverged).</summary>
    public bool IsFinite =>
        float.IsFinite(LossD) && float.IsFinite(LossG) && float.IsFinite(DReal) &&
        float.IsFinite(DFakeBeforeUpdate) && float.IsFinite(DFakeAfterUpdate);
}
