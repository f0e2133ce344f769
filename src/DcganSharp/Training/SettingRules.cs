namespace DcganSharp.Training;

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

/// <summary>The interval a numeric setting must lie in (a null one is not checked).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class IntervalAttribute(double min, double max) : Attribute
{
    public bool MinExclusive { get; init; }

    public bool MaxExclusive { get; init; }

    public bool Contains(double value) =>
        double.IsFinite(value) && (MinExclusive ? value > min : value >= min) && (MaxExclusive ? value < max : value <= max);

    public override string ToString() =>
        FormattableString.Invariant($"{(MinExclusive ? "(" : "[")}{min}, {max}{(MaxExclusive ? ")" : "]")}");
}
