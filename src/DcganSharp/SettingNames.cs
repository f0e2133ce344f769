using System.Globalization;

namespace DcganSharp;

/// <summary>
/// How messages name a <see cref="DcganOptions"/> setting and its values in the caller's terms:
/// the library by property (<c>DcganOptions.Device = ComputeTarget.Cpu</c>), the command line by
/// flag (<c>--device cpu</c>). Everything that can fail on a setting's account takes one, so no
/// message of the library speaks in flags and none of the command line in properties.
/// </summary>
internal abstract class SettingNames
{
    /// <summary>The library's: <see cref="DcganOptions"/> properties and C# values.</summary>
    public static SettingNames Library { get; } = new PropertyNames(property => $"{nameof(DcganOptions)}.{property}");

    /// <summary>A method's: its parameter <paramref name="parameter"/> stands for the setting.</summary>
    public static SettingNames Parameter(string parameter) => new PropertyNames(_ => parameter);

    /// <summary>What the caller calls its settings ("settings", "flags").</summary>
    public virtual string Plural => "settings";

    /// <summary>The setting of <paramref name="property"/> (a <see cref="DcganOptions"/> property name).</summary>
    public abstract string Name(string property);

    /// <summary>A value of <paramref name="property"/> as the caller writes it.</summary>
    public abstract string Value(string property, object? value);

    /// <summary>The setting with a value, as a message quotes it ("--beta2 0.95").</summary>
    public virtual string Setting(string property, object? value) => $"{Name(property)} {Value(property, value)}";

    /// <summary>What the caller does to give <paramref name="property"/> the value <paramref name="value"/> (advice in messages).</summary>
    public virtual string Advice(string property, object? value) => Setting(property, value);

    sealed class PropertyNames(Func<string, string> name) : SettingNames
    {
        public override string Name(string property) => name(property);

        public override string Value(string property, object? value) => value switch
        {
            null => "null",
            bool on => on ? "true" : "false",
            Enum choice => $"{choice.GetType().Name}.{choice}",
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        public override string Setting(string property, object? value) => $"{Name(property)} = {Value(property, value)}";
    }
}
