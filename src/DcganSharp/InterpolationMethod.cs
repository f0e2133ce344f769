namespace DcganSharp;

/// <summary>How a walk between two latent codes is traced.</summary>
public enum InterpolationMethod
{
    /// <summary>Along the straight line: (1 - t) a + t b. Midpoints have a smaller norm than the ends.</summary>
    Linear,

    /// <summary>Along the great circle (slerp), which keeps the norm of equal-norm codes, where Gaussian codes concentrate.</summary>
    Spherical,
}
