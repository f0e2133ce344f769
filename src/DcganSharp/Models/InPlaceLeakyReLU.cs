using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Models;

/// <summary>
/// LeakyReLU applied in place, like <c>nn.LeakyReLU(slope, inplace=True)</c>, with the slope as
/// one Scalar the module owns. TorchSharp's LeakyReLU makes a new Scalar from the double on every
/// call and leaves it to the finalizer thread, which may free it while libtorch still reads it.
/// No parameters or buffers, so state_dict keys are unchanged.
/// </summary>
internal sealed class InPlaceLeakyReLU : nn.Module<Tensor, Tensor>
{
    readonly Scalar slope;

    public InPlaceLeakyReLU(double slope) : base("LeakyReLU")
    {
        this.slope = slope.ToScalar();
    }

    // A new handle on the same tensor, as TorchSharp's in-place modules return.
    public override Tensor forward(Tensor input) => input.leaky_relu_(slope).alias();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            slope.Dispose();
        base.Dispose(disposing);
    }
}
