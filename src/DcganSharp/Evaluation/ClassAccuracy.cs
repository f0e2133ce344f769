using System.Globalization;
using System.Text;
using DcganSharp.Generation;

namespace DcganSharp.Evaluation;

/// <summary>
/// How often a conditional generator draws the class it is asked for, as an independent classifier
/// (the judge's, e.g. `dcgan evaluate train-features`' LeNet) sees its images: for each class, the
/// share of <see cref="PerClass"/> samples of that class the classifier labels as it.
/// </summary>
/// <param name="ClassNames">The generator's classes, in label order.</param>
/// <param name="PerClass">Samples drawn per class.</param>
/// <param name="Accuracy">Per class, the share labelled as that class (0 to 1).</param>
internal sealed record ClassAccuracy(IReadOnlyList<string> ClassNames, int PerClass, IReadOnlyList<double> Accuracy)
{
    /// <summary>The share over all classes.</summary>
    public double Mean => Accuracy.Average();

    /// <summary>The lowest class's share.</summary>
    public double Lowest => Accuracy.Min();

    /// <summary>
    /// Draws <paramref name="perClass"/> images of each class (codes of seed <paramref name="seed"/>,
    /// the same codes for every class) and classifies them. The judge must classify the generator's
    /// classes, label for label.
    /// </summary>
    public static ClassAccuracy Measure(IFeatureExtractor extractor, ImageSampler sampler, IReadOnlyList<string> classNames, int perClass, long seed, int batchSize)
    {
        if (!sampler.Generator.Architecture.Conditional)
            throw DcganException.Usage("--class-accuracy needs a class-conditional generator (dcgan train --conditional)");
        if (extractor.ClassNames.Count == 0)
            throw DcganException.Usage($"--class-accuracy needs a judge that classifies ({extractor.Description} does not); give --features FILE from 'dcgan evaluate train-features'");
        if (extractor.ClassNames.Count != classNames.Count)
            throw DcganException.Usage($"--class-accuracy: the generator has {classNames.Count} classes but the judge's classifier {extractor.ClassNames.Count}; give the --features of the generator's dataset");
        var accuracy = new double[classNames.Count];
        for (var label = 0; label < classNames.Count; label++)
        {
            accuracy[label] = sampler.InClasses([label], () =>
            {
                using var set = FeatureExtraction.OfGenerator(extractor, sampler, perClass, seed, batchSize);
                return set.Classes!.Count(predicted => predicted == label) / (double)perClass;
            });
        }
        return new ClassAccuracy(classNames, perClass, accuracy);
    }

    /// <summary>The result as the report's lines: the mean, the lowest, then each class.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        var worst = Accuracy.Select((a, i) => (a, i)).MinBy(p => p.a).i;
        text.AppendLine(CultureInfo.InvariantCulture, $"Class accuracy ({PerClass:N0} samples per class, labelled by the judge's classifier): mean {Mean:P1}, lowest {Lowest:P1} ({ClassNames[worst]})");
        for (var i = 0; i < ClassNames.Count; i++)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {ClassNames[i]}: {Accuracy[i]:P1}");
        return text.ToString();
    }
}
