using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Training;

/// <summary>Turns the --device choice (cpu | cuda | auto) into a TorchSharp device.</summary>
internal static class ComputeDevice
{
    public static Device Resolve(string choice)
    {
        switch (choice.Trim().ToLowerInvariant())
        {
            case "cpu":
                return CPU;
            case "auto":
                return CudaAvailable() ? CUDA : CPU;
            case "cuda" or "gpu":
                if (!CudaAvailable())
                    throw DcganException.Usage("--device cuda: no CUDA device is usable; this build uses the CPU libtorch unless built with -p:TorchBackend=cuda (see README), or use --device cpu");
                return CUDA;
            default:
                if (choice.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase) && int.TryParse(choice[5..], out var index) && index >= 0)
                {
                    if (!CudaAvailable() || index >= cuda.device_count())
                        throw DcganException.Usage($"--device {choice}: no such CUDA device; use --device cpu or a valid index");
                    return new Device(DeviceType.CUDA, index);
                }
                throw DcganException.Usage($"--device '{choice}' is not one of cpu, cuda, cuda:N, auto");
        }
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
