using DcganSharp.Evaluation;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Evaluation;

public sealed class PrecisionRecallTests
{
    [Fact]
    public void Identical_sets_have_full_precision_and_recall()
    {
        using var scope = NewDisposeScope();
        manual_seed(21);
        var points = randn(400, 8);
        var (precision, recall) = PrecisionRecall.Compute(points, points.clone());
        Assert.Equal((1.0, 1.0), (precision, recall));
    }

    [Fact]
    public void Samples_of_one_distribution_score_high_and_disjoint_sets_score_zero()
    {
        using var scope = NewDisposeScope();
        manual_seed(22);
        var real = randn(1000, 8);
        var (precision, recall) = PrecisionRecall.Compute(real, randn(1000, 8));
        Assert.True(precision > 0.6 && recall > 0.6, $"precision {precision}, recall {recall}");

        var (far, farRecall) = PrecisionRecall.Compute(real, randn(1000, 8) + 100);
        Assert.Equal((0.0, 0.0), (far, farRecall));
    }

    [Fact]
    public void Matches_a_brute_force_numpy_reference()
    {
        using var fixtures = new MetricFixtures();
        using var real = fixtures["x"].narrow(0, 0, 250);
        var (precision, recall) = PrecisionRecall.Compute(real, fixtures["y"], k: 3);
        Assert.Equal(fixtures.Scalar("precision_x250_y"), precision, 1e-12);
        Assert.Equal(fixtures.Scalar("recall_x250_y"), recall, 1e-12);
    }

    [Fact]
    public void A_collapsed_generator_keeps_precision_but_loses_recall()
    {
        using var scope = NewDisposeScope();
        manual_seed(23);
        var real = randn(1000, 4);
        // Every sample near one real point: realistic, but covering almost nothing.
        var collapsed = real[0].unsqueeze(0) + randn(1000, 4) * 0.01;
        var (precision, recall) = PrecisionRecall.Compute(real, collapsed);
        Assert.True(precision > 0.9, $"precision {precision}");
        Assert.True(recall < 0.05, $"recall {recall}");
    }
}
