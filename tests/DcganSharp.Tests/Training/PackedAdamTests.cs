using DcganSharp.Checkpoints;
using DcganSharp.Models.FastPaths;
using DcganSharp.Models;
using DcganSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Training;

public sealed class PackedAdamTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Packed_steps_match_TorchSharps_per_parameter_Adam_exactly(bool channelsLast)
    {
        var architecture = new DcganArchitecture(16, 3, LatentSize: 8, GeneratorFeatures: 4, DiscriminatorFeatures: 4);
        manual_seed(3);
        using var packedNet = WeightInit.Apply(new DcganDiscriminator(architecture));
        using var plainNet = WeightInit.Apply(new DcganDiscriminator(architecture));
        plainNet.load_state_dict(packedNet.state_dict());
        if (channelsLast)
        {
            ChannelsLast.Apply(packedNet);
            ChannelsLast.Apply(plainNet);
        }
        using var packed = new PackedAdam(packedNet.parameters(), 0.01, 0.5, 0.999);
        using var plain = optim.Adam(plainNet.parameters(), 0.01, 0.5, 0.999);
        var strides = plainNet.parameters().Select(p => p.stride()).ToList();

        for (var step = 0; step < 4; step++)
        {
            using var scope = NewDisposeScope();
            var images = randn(5, 3, 16, 16);
            foreach (var (net, optimizer) in new[] { (packedNet, (Action)packed.Step), (plainNet, () => plain.step()) })
            {
                net.zero_grad();
                net.forward(images).square().mean().backward();
                optimizer();
            }
            foreach (var (a, b) in packedNet.parameters().Zip(plainNet.parameters()))
                Assert.True(a.equal(b).all().item<bool>(), $"step {step}: parameters differ by {(a - b).abs().max().item<float>()}");
        }
        Assert.Equal(4, packed.StepCount);
        // Parameters keep their layout (channels-last stays channels-last).
        Assert.Equal(strides, packedNet.parameters().Select(p => p.stride()).ToList());
        var plainState = plain.state_dict();
        for (var i = 0; i < packed.Count; i++)
        {
            var (expAvg, expAvgSq) = packed.Moments(i);
            var reference = (Adam.State)plainState.State[i];
            Assert.True(expAvg.equal(reference.exp_avg).all().item<bool>());
            Assert.True(expAvgSq.equal(reference.exp_avg_sq).all().item<bool>());
        }
    }

    [Fact]
    public void Parameters_live_in_one_buffer_that_the_optimizer_updates_in_place()
    {
        using var linear = nn.Linear(3, 2);
        var before = linear.parameters().Select(p => p.detach().clone()).ToList();
        using var adam = new PackedAdam(linear.parameters(), 0.1, 0.9, 0.999);
        foreach (var (p, b) in linear.parameters().Zip(before))
            Assert.True(p.equal(b).all().item<bool>(), "packing changed a value");
        linear.forward(ones(4, 3)).sum().backward();
        adam.Step();
        // Every element moved by lr (Adam's first step is lr * sign(grad)).
        foreach (var (p, b) in linear.parameters().Zip(before))
            Assert.True((p - b).abs().allclose(full_like(b, 0.1), rtol: 1e-4), "a parameter was not updated through the flat buffer");
    }

    [Fact]
    public void A_parameter_without_a_gradient_is_an_error_not_a_silent_zero_update()
    {
        using var linear = nn.Linear(3, 2);
        using var adam = new PackedAdam(linear.parameters(), 0.1, 0.9, 0.999);
        linear.weight!.sum().backward();
        var error = Assert.Throws<InvalidOperationException>(adam.Step);
        Assert.Contains("parameter 1 has no gradient", error.Message);
    }

    [Fact]
    public void Exported_state_reimports_into_a_fresh_optimizer_and_rejects_mismatched_steps()
    {
        using var linear = nn.Linear(3, 2);
        using var adam = new PackedAdam(linear.parameters(), 0.1, 0.9, 0.999);
        linear.forward(ones(4, 3)).sum().backward();
        adam.Step();
        var exported = AdamStateDict.Export(adam);

        using var other = nn.Linear(3, 2);
        using var fresh = new PackedAdam(other.parameters(), 0.1, 0.9, 0.999);
        AdamStateDict.Import(fresh, exported, "test state");
        Assert.Equal(1, fresh.StepCount);
        for (var i = 0; i < 2; i++)
            Assert.True(fresh.Moments(i).ExpAvgSq.equal(adam.Moments(i).ExpAvgSq).all().item<bool>());

        var state = (System.Collections.IDictionary)exported["state"]!;
        ((System.Collections.IDictionary)state[1]!)["step"] = tensor(7f);
        var error = Assert.Throws<DcganException>(() => AdamStateDict.Import(fresh, exported, "test state"));
        Assert.Contains("different numbers of optimizer steps", error.Message);
    }
}
