namespace DcganSharp;

/// <summary>Where the networks run (`--device`).</summary>
public enum ComputeTarget
{
    /// <summary>A CUDA GPU when one is usable, else the CPU.</summary>
    [Spelled("auto")]
    Auto,

    /// <summary>The CPU.</summary>
    [Spelled("cpu")]
    Cpu,

    /// <summary>A CUDA GPU (<see cref="DcganOptions.DeviceIndex"/> picks one); training fails when none is usable.</summary>
    [Spelled("cuda", Also = ["gpu"])]
    Cuda,
}
