namespace DcganSharp;

/// <summary>
/// A setting's value is not allowed (out of range, contradicting another, missing): a usage
/// error naming the setting, which the library turns into an <see cref="ArgumentException"/>
/// for <see cref="Property"/>.
/// </summary>
internal sealed class SettingException(string property, string message) : DcganException(message, exitCode: 2)
{
    /// <summary>The <see cref="DcganOptions"/> property at fault.</summary>
    public string Property { get; } = property;
}
