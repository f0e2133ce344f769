using DcganSharp.Serve.Info;
using Xunit;

namespace DcganSharp.Serve.Tests.Units;

/// <summary>Reading fid.csv: the newest usable measurement within the bounds, torn or foreign files ignored.</summary>
public sealed class FidSidecarTests : IDisposable
{
    const string Header = "global_step,epoch,samples,fid,kid_mean,kid_std,precision,recall,classes_covered,class_entropy_bits,seconds,wall_time";

    readonly string folder = Directory.CreateTempSubdirectory("dcgan-fid-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    void Write(string text) => File.WriteAllText(Path.Combine(folder, FidSidecar.FileName), text);

    static string Row(long step, int epoch, string fid) => $"{step},{epoch},1000,{fid},0.1,0.01,0.5,0.4,,,2.5,1700000000.0\n";

    [Fact]
    public void No_file_means_no_measurement() => Assert.Null(FidSidecar.Read(folder, null, null));

    [Fact]
    public void The_newest_row_within_the_bounds_wins()
    {
        Write(Header + "\n" + Row(100, 0, "80.5") + Row(300, 1, "40.25") + Row(200, 1, "50") + Row(400, 2, "30"));

        Assert.Equal(new FidMeasurement(30, 400), FidSidecar.Read(folder, null, null));
        Assert.Equal(new FidMeasurement(40.25, 300), FidSidecar.Read(folder, maxStep: 350, maxEpoch: null));
        Assert.Equal(new FidMeasurement(40.25, 300), FidSidecar.Read(folder, maxStep: null, maxEpoch: 1));
        Assert.Null(FidSidecar.Read(folder, maxStep: 99, maxEpoch: null));
    }

    [Fact]
    public void Rows_name_their_judge_when_the_file_has_the_column()
    {
        Write(Header + ",judge\n" + Row(100, 0, "80.5").TrimEnd('\n') + ",FID-ResNet18\n" + Row(200, 0, "70").TrimEnd('\n') + ",\n");

        Assert.Equal(new FidMeasurement(80.5, 100, "FID-ResNet18"), FidSidecar.Read(folder, maxStep: 150, maxEpoch: null));
        Assert.Equal(new FidMeasurement(70, 200), FidSidecar.Read(folder, null, null));
    }

    [Fact]
    public void Torn_garbled_and_non_finite_rows_are_skipped()
    {
        Write(Header + "\n" + Row(100, 0, "80.5") + Row(200, 0, "NaN") + "garbage\n" + Row(300, 1, "x") + "400,1,1000,20");

        Assert.Equal(new FidMeasurement(80.5, 100), FidSidecar.Read(folder, null, null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("step,score\n1,2\n")]
    [InlineData("global_step,epoch,fid\n")]
    public void Files_without_usable_rows_give_nothing(string text)
    {
        Write(text);
        Assert.Null(FidSidecar.Read(folder, null, null));
    }
}
