using System.Reflection;
using DcganSharp.Cli.Commands;
using DcganSharp.Runs;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests;

/// <summary>
/// <see cref="DcganOptions"/> is the one settings record: every training setting is a public
/// property a program can set, a flag of `dcgan train`, and a rule declared once.
/// </summary>
public sealed class DcganOptionsTests
{
    /// <summary>Every setting of the record: what its own code (equality, plumbing) leaves aside.</summary>
    static IEnumerable<PropertyInfo> Settings() =>
        typeof(DcganOptions).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.Name is not "EqualityContract" and not nameof(DcganOptions.Explicit));

    [Fact]
    public void Every_setting_is_a_public_property_a_program_can_set()
    {
        Assert.True(Settings().Count() >= 45);
        Assert.Empty(Settings().Where(p => p.GetMethod?.IsPublic != true || p.SetMethod?.IsPublic != true).Select(p => p.Name));
        // The one internal member is how a command line says which settings it was given.
        Assert.False(typeof(DcganOptions).GetProperty(nameof(DcganOptions.Explicit), BindingFlags.Instance | BindingFlags.NonPublic)!.GetMethod!.IsPublic);
    }

    [Fact]
    public void Every_setting_has_a_flag_of_dcgan_train()
    {
        TrainCommand.Create(TextWriter.Null, TextWriter.Null, out var bindings);
        Assert.Empty(bindings.Unbound);
    }

    [Fact]
    public void Every_numeric_setting_declares_the_values_it_may_take()
    {
        var numeric = Settings().Where(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) is var t && (t == typeof(int) || t == typeof(double)));
        var ruled = TrainingOptionsValidator.Rules.Select(r => r.Property.Name).ToHashSet();
        var unruled = numeric.Select(p => p.Name).Where(name => !ruled.Contains(name)).ToList();
        Assert.True(unruled.Count == 0, $"no rule declared on {string.Join(", ", unruled)}");
    }

    [Theory]
    [MemberData(nameof(BadSettings.Values), MemberType = typeof(BadSettings))]
    public void Every_value_a_setting_s_rule_refuses_is_a_usage_error_naming_its_flag(string property, object value)
    {
        using var temp = new TempDirectory();
        var flag = TrainCommand.Flags.Name(property);
        Assert.StartsWith("--", flag, StringComparison.Ordinal);

        var result = CliRunner.Run("train", "--dataset", "fake", "--outf", temp.Path, "--dry-run", flag, BadSettings.Text(value));

        result.AssertOneLineError(2, flag);
        Assert.DoesNotContain("DcganOptions", result.Errors, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_rule_s_message_says_what_the_help_and_the_docs_say()
    {
        // One declaration, three readers: the check, its message and the value range shown to people.
        var batch = TrainingOptionsValidator.Rules.Single(r => r.Property.Name == nameof(DcganOptions.BatchSize)).Rule;
        Assert.Equal("2 to 65536 (BatchNorm needs 2 images)", batch.Describe(typeof(int?)));
        Assert.Equal("must be 2 to 65536 (BatchNorm needs 2 images), got 1", batch.Check(1, nameof(DcganOptions.BatchSize), SettingNames.Library));
        Assert.Null(batch.Check(2, nameof(DcganOptions.BatchSize), SettingNames.Library));
        var rate = TrainingOptionsValidator.Rules.Single(r => r.Property.Name == nameof(DcganOptions.LearningRate)).Rule;
        Assert.Equal("in (0, 1]", rate.Describe(typeof(double?)));
        var saveEvery = TrainingOptionsValidator.Rules.Single(r => r.Property.Name == nameof(DcganOptions.SaveEvery)).Rule;
        Assert.Equal("0 (epoch ends only) or more", saveEvery.Describe(typeof(int)));
        var crop = TrainingOptionsValidator.Rules.Single(r => r.Property.Name == nameof(DcganOptions.CelebaCrop)).Rule;
        Assert.Null(crop.Check(0, nameof(DcganOptions.CelebaCrop), SettingNames.Library));
        Assert.Equal("must be 0 (largest square) or 8 to 4096 pixels, got 7", crop.Check(7, nameof(DcganOptions.CelebaCrop), SettingNames.Library));
    }

    [Fact]
    public void Recipe_defaults_in_the_help_come_from_the_recipes()
    {
        var help = CliRunner.Run("train", "--help").Output;
        var quality = DcganSharp.Training.TrainingRecipe.Quality;
        Assert.Contains($"taken every {DcganSharp.Training.GanTrainingStep.R1Interval}th step", help, StringComparison.Ordinal);
        Assert.Contains($"{quality.R1Gamma} for quality", help, StringComparison.Ordinal);
        Assert.Contains($"{quality.EmaHalfLifeImages} for quality", help, StringComparison.Ordinal);
        Assert.Contains($"default: {DcganSharp.Training.TrainingRecipe.DefaultBatchSize(RecipeName.Quality)} with the quality recipe", help, StringComparison.Ordinal);
    }
}
