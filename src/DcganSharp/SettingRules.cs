using System.Globalization;
using DcganSharp.Models;

namespace DcganSharp;

/// <summary>What --resume does with a stored setting that is given again with another value.</summary>
internal enum ResumeRule
{
    /// <summary>The new value applies from here on, and the run says so.</summary>
    Replace,

    /// <summary>As <see cref="Replace"/>, adding that the resumed run will not repeat the original exactly.</summary>
    ReplaceInexactly,

    /// <summary>Refused: the run's data or random draws would no longer be its own.</summary>
    Refuse,

    /// <summary>Refused: the networks would no longer fit the checkpoint's weights (which tensors differ is said).</summary>
    Architecture,
}

/// <summary>How --resume treats this setting; without it, <see cref="ResumeRule.Replace"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OnResumeAttribute(ResumeRule rule) : Attribute
{
    public ResumeRule Rule { get; } = rule;
}

/// <summary>A path stored absolute, so a run resumed from another folder finds the same file.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class StoredAsFullPathAttribute : Attribute;

/// <summary>
/// A rule the value of a <see cref="DcganOptions"/> setting must follow, declared on its property
/// and checked before any work starts (a null value, "the default", is not checked). Its
/// description is the message: the validator puts the setting's name in front.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal abstract class SettingRuleAttribute : Attribute
{
    /// <summary>Null when <paramref name="value"/> follows the rule; else what is wrong, to follow the setting's name ("must be 1 to 4096, got 0").</summary>
    public abstract string? Check(object value, string property, SettingNames names);

    /// <summary>The allowed values, as help texts and messages say them ("1 to 4096", "in (0, 1]").</summary>
    public abstract string Describe(Type type);
}

/// <summary>
/// The interval a number must lie in: for whole numbers "<c>Min</c> to <c>Max</c>" (or "at least
/// <c>Min</c>" without a maximum), for real numbers the interval in brackets.
/// </summary>
internal sealed class IntervalAttribute(double min, double max = double.PositiveInfinity) : SettingRuleAttribute
{
    public double Min => min;

    public double Max => max;

    public bool MinExclusive { get; init; }

    public bool MaxExclusive { get; init; }

    /// <summary>0 is allowed too, meaning this ("off", "epoch ends only"), although <see cref="Min"/> is above it.</summary>
    public string? ZeroMeans { get; init; }

    /// <summary>Why the bounds, after them in parentheses ("BatchNorm needs 2 images").</summary>
    public string? Note { get; init; }

    /// <summary>The unit after the bounds ("pixels").</summary>
    public string? Unit { get; init; }

    /// <summary>Says what is allowed in other words than the bounds ("a non-negative integer").</summary>
    public string? Says { get; init; }

    public bool Contains(double value) =>
        double.IsFinite(value) && ((ZeroMeans is not null && value == 0) || ((MinExclusive ? value > min : value >= min) && (MaxExclusive ? value < max : value <= max)));

    public override string? Check(object value, string property, SettingNames names) =>
        Contains(Convert.ToDouble(value, CultureInfo.InvariantCulture)) ? null : $"must be {Describe(value.GetType())}, got {names.Value(property, value)}";

    public override string Describe(Type type)
    {
        if (Says is not null)
            return Says;
        var whole = (Nullable.GetUnderlyingType(type) ?? type) != typeof(double);
        var unit = Unit is null ? "" : $" {Unit}";
        var note = Note is null ? "" : $" ({Note})";
        var zero = ZeroMeans is null ? "" : $"0 ({ZeroMeans}) or ";
        if (!whole)
            return FormattableString.Invariant($"in {(MinExclusive ? "(" : "[")}{min}, {max}{(MaxExclusive ? ")" : "]")}");
        if (double.IsPositiveInfinity(max))
            return min == 0 ? $"0{(ZeroMeans is null ? "" : $" ({ZeroMeans})")} or more{unit}{note}" : FormattableString.Invariant($"{zero}at least {min}{unit}{note}");
        return FormattableString.Invariant($"{zero}{min} to {max}{unit}{note}");
    }
}

/// <summary>A whole number from a short list ("1 (grayscale) or 3 (colour)").</summary>
internal sealed class OneOfAttribute(params int[] values) : SettingRuleAttribute
{
    public IReadOnlyList<int> Values => values;

    /// <summary>The values as messages say them; default: the list.</summary>
    public string? Says { get; init; }

    public override string? Check(object value, string property, SettingNames names) =>
        values.Contains((int)value) ? null : $"must be {Describe(value.GetType())}, got {names.Value(property, value)}";

    public override string Describe(Type type) => Says ?? Spelling.Either([.. values.Select(v => v.ToString(CultureInfo.InvariantCulture))]);
}

/// <summary>An image side the networks can be built for (<see cref="DcganArchitecture.SupportedSizeList"/>).</summary>
internal sealed class SupportedImageSizeAttribute : SettingRuleAttribute
{
    public override string? Check(object value, string property, SettingNames names) =>
        DcganArchitecture.IsSupportedImageSize((int)value) ? null : $"{names.Value(property, value)} is not supported; use {Describe(value.GetType())}";

    public override string Describe(Type type) => DcganArchitecture.SupportedSizes;
}
