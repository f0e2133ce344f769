using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Training;

/// <summary>Turns a <see cref="ComputeTarget"/> (and a CUDA device's index) into a TorchSharp device.</summary>
internal static class ComputeDevice
{
    /// <param name="target">Where to run.</param>
    /// <param name="index">Which CUDA device, for <see cref="ComputeTarget.Cuda"/>; null: the first.</param>
    /// <param name="names">How errors name the setting (<see cref="DcganOptions.Device"/>); default: the library's names.</param>
    public static Device Resolve(ComputeTarget target, int? index = null, SettingNames? names = null)
    {
        names ??= SettingNames.Library;
        string Device(ComputeTarget value) => names.Setting(nameof(DcganOptions.Device), value);
        switch (target)
        {
            case ComputeTarget.Cpu:
                return CPU;
            case ComputeTarget.Auto:
                return CudaAvailable() ? CUDA : CPU;
            case ComputeTarget.Cuda when index is { } n:
                if (!CudaAvailable() || n >= cuda.device_count())
                    throw new SettingException(nameof(DcganOptions.DeviceIndex),
                        $"{names.Setting(nameof(DcganOptions.DeviceIndex), n)}: no such CUDA device; use {Device(ComputeTarget.Cpu)} or a valid index");
                return new Device(DeviceType.CUDA, n);
            case ComputeTarget.Cuda:
                if (!CudaAvailable())
                    throw new SettingException(nameof(DcganOptions.Device),
                        $"{Device(ComputeTarget.Cuda)}: no CUDA device is usable; this build uses the CPU libtorch unless built with -p:TorchBackend=cuda (see README), or use {Device(ComputeTarget.Cpu)}");
                return CUDA;
            default:
                throw new SettingException(nameof(DcganOptions.Device), $"{names.Name(nameof(DcganOptions.Device))} must be one of {Spelling.Either([.. Enum.GetValues<ComputeTarget>().Select(t => names.Value(nameof(DcganOptions.Device), t))])}, got {(int)target}");
        }
    }

    /// <summary>
    /// The device `--device` names: cpu | cuda (gpu) | cuda:N | auto; an <see cref="ArgumentException"/>
    /// for anything else.
    /// </summary>
    public static (ComputeTarget Target, int? Index) Parse(string text)
    {
        if (Spelling.Parse<ComputeTarget>(text) is { } target)
            return (target, null);
        var word = text.Trim();
        if (word.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase) && int.TryParse(word[5..], out var index) && index >= 0)
            return (ComputeTarget.Cuda, index);
        throw new ArgumentException($"'{text}' is not one of cpu, cuda, cuda:N, auto");
    }

    static bool CudaAvailable()
    {
        try
        {
            return TryInitializeDeviceType(DeviceType.CUDA) && cuda.is_available();
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException or NotSupportedException)
        {
            return false;
        }
    }
}
