using DcganSharp.Generation;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Conditional;

/// <summary>The class reaches both networks, and the unconditional networks stay pytorch/examples' own.</summary>
public sealed class ConditionalNetworkTests
{
    static readonly DcganArchitecture Conditional = new(16, 1, LatentSize: 8, GeneratorFeatures: 4, DiscriminatorFeatures: 4, Classes: 3);

    [Fact]
    public void Changing_only_the_label_changes_the_generator_s_image()
    {
        manual_seed(1);
        using var generator = WeightInit.Apply(new DcganGenerator(Conditional));
        generator.eval();
        using var noGrad = no_grad();
        using var z = randn(4, 8, 1, 1);
        using var a = generator.forward(z, tensor(new long[] { 0, 0, 1, 2 }));
        using var b = generator.forward(z, tensor(new long[] { 1, 0, 2, 2 }));
        Assert.True((a[0] - b[0]).abs().max().item<float>() > 1e-4f, "image 0: class 0 and class 1 drew the same image");
        Assert.True((a[2] - b[2]).abs().max().item<float>() > 1e-4f, "image 2: class 1 and class 2 drew the same image");
        // Same code, same class: the same image.
        TensorAssert.Close(a[1], b[1], 0, "image 1");
        TensorAssert.Close(a[3], b[3], 0, "image 3");
    }

    [Fact]
    public void Changing_only_the_label_changes_the_discriminator_s_verdict()
    {
        manual_seed(2);
        using var discriminator = WeightInit.Apply(new DcganDiscriminator(Conditional));
        discriminator.eval();
        using var noGrad = no_grad();
        using var images = rand(3, 1, 16, 16) * 2 - 1;
        using var a = discriminator.forward(images, tensor(new long[] { 0, 1, 2 }));
        using var b = discriminator.forward(images, tensor(new long[] { 1, 2, 0 }));
        var (first, second) = (a.data<float>().ToArray(), b.data<float>().ToArray());
        for (var i = 0; i < 3; i++)
            Assert.NotEqual(first[i], second[i]);
        // The R1 path (logits) agrees with the probabilities.
        using var logits = discriminator.Logits(images, tensor(new long[] { 0, 1, 2 }));
        TensorAssert.Close(a, logits.sigmoid(), 1e-5, "sigmoid(logits)");
    }

    [Fact]
    public void Conditional_networks_add_one_embedding_each_and_keep_main_s_keys_and_shapes()
    {
        using var plainG = new DcganGenerator(Conditional with { Classes = 0 });
        using var plainD = new DcganDiscriminator(Conditional with { Classes = 0 });
        using var g = new DcganGenerator(Conditional);
        using var d = new DcganDiscriminator(Conditional);
        Assert.DoesNotContain("embed.weight", plainG.state_dict().Keys);
        Assert.DoesNotContain("embed.weight", plainD.state_dict().Keys);
        foreach (var (plain, conditional) in new (nn.Module, nn.Module)[] { (plainG, g), (plainD, d) })
        {
            var expected = plain.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
            var actual = conditional.state_dict();
            Assert.Equal(expected.Keys.Append("embed.weight").Order(), actual.Keys.Order());
            foreach (var (key, shape) in expected)
                Assert.Equal(shape, actual[key].shape);
        }
        Assert.Equal(new long[] { 3, 8 }, g.state_dict()["embed.weight"].shape);
        Assert.Equal(new long[] { 3, 8 }, d.state_dict()["embed.weight"].shape);   // ndf 4 x 2 at the last block of a 16x16 D
        // Shapes tell the class count back.
        Assert.Equal(Conditional, ArchitectureInference.InferGenerator(g.state_dict(), "g") with { DiscriminatorFeatures = 4 });
        Assert.Equal(3, ArchitectureInference.InferDiscriminator(d.state_dict(), "d").Classes);
    }

    [Fact]
    public void A_conditional_sampler_draws_each_image_s_class_by_its_index_whatever_the_batch_size()
    {
        manual_seed(3);
        using var generator = WeightInit.Apply(new DcganGenerator(Conditional));
        using var sampler = new ImageSampler(generator, CPU);
        using var codes = new LatentCodes(8, seed: 5);
        using var all = codes.Next(7);
        using var once = sampler.Generate(all, batchSize: 7);
        using var inPieces = sampler.Generate(all, batchSize: 2);
        TensorAssert.Close(once, inPieces, 1e-6, "batch size 7 against 2");
        using var labels = sampler.LabelsFor(0, 7)!;
        Assert.Equal(new long[] { 0, 1, 2, 0, 1, 2, 0 }, labels.data<long>().ToArray());
        sampler.Classes = [2];
        using var twos = sampler.Generate(all, batchSize: 7);
        TensorAssert.Close(once[2], twos[2], 1e-6, "image 2 is of class 2 either way");
        Assert.True((once[0] - twos[0]).abs().max().item<float>() > 1e-4f);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Classes = [3]);
    }
}
