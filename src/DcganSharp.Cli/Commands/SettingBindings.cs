using System.CommandLine;
using System.Reflection;
using DcganSharp.Training;

namespace DcganSharp.Cli.Commands;

/// <summary>
/// The flags of `dcgan train` that set a <see cref="TrainingOptions"/> property, each bound where
/// it is declared. Only flags given on the command line set their property (the record holds the
/// defaults), and they are what <see cref="TrainingOptions.Explicit"/> lists, so --resume can tell
/// a flag given again from a default.
/// </summary>
internal sealed class SettingBindings(Command command)
{
    readonly List<(Option Option, PropertyInfo Property, Func<ParseResult, object?> Read)> bindings = [];

    /// <summary>Adds <paramref name="option"/> to the command, setting <paramref name="property"/> (through <paramref name="convert"/>, if given).</summary>
    public Option<T> Bind<T>(Option<T> option, string property, Func<T, object?>? convert = null)
    {
        var target = typeof(TrainingOptions).GetProperty(property) ?? throw new ArgumentException($"TrainingOptions has no property {property}", nameof(property));
        bindings.Add((option, target, parsed => convert is null ? parsed.GetValue(option) : convert(parsed.GetValue(option)!)));
        command.Add(option);
        return option;
    }

    /// <summary>The flag that sets a property, for messages (the property's name where none does).</summary>
    public string FlagOf(string property) =>
        bindings.FirstOrDefault(b => b.Property.Name == property).Option?.Name ?? property;

    /// <summary>The record's defaults, with every bound flag that was given applied.</summary>
    public TrainingOptions Read(ParseResult parsed)
    {
        var options = new TrainingOptions();
        var given = new HashSet<string>();
        foreach (var (option, property, read) in bindings)
        {
            if (parsed.GetResult(option) is not { Implicit: false })
                continue;
            property.SetValue(options, read(parsed));
            given.Add(property.Name);
        }
        return options with { Explicit = given };
    }
}
