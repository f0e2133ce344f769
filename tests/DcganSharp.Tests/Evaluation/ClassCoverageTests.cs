using DcganSharp.Evaluation;
using Xunit;

namespace DcganSharp.Tests.Evaluation;

public sealed class ClassCoverageTests
{
    static readonly string[] Names = ["a", "b", "c", "d"];

    [Fact]
    public void Even_predictions_cover_every_class_with_maximal_entropy()
    {
        var coverage = ClassCoverage.Of(Names, new long[] { 0, 1, 2, 3, 3, 2, 1, 0 });
        Assert.Equal(4, coverage.Covered);
        Assert.Equal(2.0, coverage.EntropyBits, 12);
        Assert.Equal(2.0, coverage.MaxEntropyBits, 12);
        Assert.Equal((0.25, 0.25), (coverage.MaxShare, coverage.MinShare));
    }

    [Fact]
    public void A_missing_class_shows_in_coverage_and_min_share()
    {
        var coverage = ClassCoverage.Of(Names, new long[] { 0, 0, 0, 1, 2, 2 });
        Assert.Equal(3, coverage.Covered);
        Assert.Equal(new long[] { 3, 1, 2, 0 }, coverage.Counts);
        Assert.Equal(0.5, coverage.MaxShare, 12);
        Assert.Equal(0.0, coverage.MinShare);
        Assert.Equal(1.459147917027245, coverage.EntropyBits, 12);
    }

    [Fact]
    public void Rejects_out_of_range_classes() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassCoverage.Of(Names, new long[] { 4 }));
}
