using System.Reflection;
using DcganSharp.Data;
using DcganSharp.Models;

namespace DcganSharp.Runs;

/// <summary>
/// Rejects impossible settings before any work starts, one usage error per problem: first every
/// rule declared on a <see cref="DcganOptions"/> property (<see cref="SettingRuleAttribute"/>),
/// then what involves several settings or the file system.
/// </summary>
internal static class TrainingOptionsValidator
{
    /// <summary>The properties with declared rules, in declaration order.</summary>
    public static IReadOnlyList<(PropertyInfo Property, SettingRuleAttribute Rule)> Rules { get; } =
        [.. typeof(DcganOptions).GetProperties().SelectMany(p => p.GetCustomAttributes<SettingRuleAttribute>().Select(rule => (p, rule)))];

    /// <param name="o">The options.</param>
    /// <param name="names">How messages name a setting.</param>
    public static void Validate(DcganOptions o, SettingNames names)
    {
        string N(string property) => names.Name(property);
        foreach (var (property, rule) in Rules)
        {
            if (property.GetValue(o) is { } value && rule.Check(value, property.Name, names) is { } problem)
                throw new SettingException(property.Name, $"{N(property.Name)} {problem}");
        }
        foreach (var property in typeof(DcganOptions).GetProperties().Where(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType).IsEnum))
        {
            if (property.GetValue(o) is Enum value && !IsDefined(value))
                throw new SettingException(property.Name, $"{N(property.Name)} must be one of " +
                    $"{Spelling.Either([.. Enum.GetValues(value.GetType()).Cast<Enum>().Where(IsDefined).Select(v => names.Value(property.Name, v))])}, got {Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)}");
        }
        if (o.DeviceIndex is not null && o.Device != ComputeTarget.Cuda)
            throw new SettingException(nameof(o.DeviceIndex), $"{N(nameof(o.DeviceIndex))} applies to {names.Setting(nameof(o.Device), ComputeTarget.Cuda)} only");
        if (o.EvalEvery > 0 && o.EvalFeatures is null && !Evaluation.FeatureNetworks.HasDefault(o.Channels ?? DatasetFactory.DefaultChannels(o.Dataset)))
            throw new SettingException(nameof(o.EvalFeatures), $"{N(nameof(o.EvalEvery))} on gray images needs {N(nameof(o.EvalFeatures))} FILE (the default judge, ResNet18, is for RGB images): " +
                "train one with 'dcgan evaluate train-features --dataset <name> --dataroot <dir> --out features.pt'");
        if (o.EvalEvery > 0)
            RequireFile(o.EvalFeatures, N(nameof(o.EvalFeatures)), "features.pt");
        RequireFile(o.GeneratorWeights, N(nameof(o.GeneratorWeights)), "netG_epoch_24.pth");
        RequireFile(o.DiscriminatorWeights, N(nameof(o.DiscriminatorWeights)), "netD_epoch_24.pth");
        if (o.Dataset is null && o.Resume is null)
            throw new SettingException(nameof(o.Dataset), $"{N(nameof(o.Dataset))} is required: " +
                $"{Spelling.Either([.. new[] { DatasetKind.Mnist, DatasetKind.FashionMnist, DatasetKind.Cifar10, DatasetKind.Folder, DatasetKind.CelebA, DatasetKind.Fake }.Select(d => names.Value(nameof(o.Dataset), d))])} " +
                $"(or {N(nameof(o.Resume))} a run)");
        if (o.Dataset is { } dataset && dataset != DatasetKind.Fake && o.Resume is null && string.IsNullOrWhiteSpace(o.DataRoot))
            throw new SettingException(nameof(o.DataRoot), $"{N(nameof(o.DataRoot))} is required for {names.Setting(nameof(o.Dataset), dataset)}");
        var multiplier = new DcganArchitecture(o.ImageSize, 3).StemMultiplier;
        foreach (var (property, width) in new[] { (nameof(o.GeneratorFeatures), o.GeneratorFeatures), (nameof(o.DiscriminatorFeatures), o.DiscriminatorFeatures ?? 1) })
        {
            if ((long)width * multiplier > DcganArchitecture.MaxChannels)
                throw new SettingException(property, $"{names.Setting(property, width)} is too large for {o.ImageSize}x{o.ImageSize}: its widest layer would have " +
                    $"{(long)width * multiplier} channels, more than {DcganArchitecture.MaxChannels}");
        }
    }

    static bool IsDefined(Enum value) =>
        value.GetType().IsDefined(typeof(FlagsAttribute), false)
            ? (Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) & ~Enum.GetValues(value.GetType()).Cast<Enum>().Aggregate(0L, (all, v) => all | Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture))) == 0
            : Enum.IsDefined(value.GetType(), value);

    static void RequireFile(string? path, string setting, string example)
    {
        if (path is not null && !File.Exists(path))
            throw DcganException.Usage(Directory.Exists(path)
                ? $"{setting} '{path}' is a folder; give the file, e.g. {Path.Combine(path, example)}"
                : $"{setting} '{path}' does not exist; check the path");
    }
}
