using System.CommandLine;
using System.Globalization;
using DcganSharp.Training;

namespace DcganSharp.Cli.Commands;

/// <summary>
/// The flags of `dcgan train` that set a <see cref="DcganOptions"/> property, each bound where
/// it is declared, and the names the library's messages give those settings on the command line
/// (the flag, and a value as the flag takes it). Only flags given on the command line set their
/// property (the record holds the defaults), and they are what <see cref="DcganOptions.Explicit"/>
/// lists, so --resume can tell a flag given again from a default.
/// </summary>
internal sealed class SettingBindings(Command command) : SettingNames
{
    /// <param name="Option">The flag.</param>
    /// <param name="Properties">The properties it sets.</param>
    /// <param name="Apply">Sets them from the parsed command line.</param>
    /// <param name="Show">A value of one of them as the flag writes it; null: the usual words.</param>
    /// <param name="SwitchedTo">For a flag without a value, what it sets its property to.</param>
    sealed record Binding(Option Option, IReadOnlyList<string> Properties, Func<ParseResult, DcganOptions, DcganOptions> Apply,
        Func<string, object?, string>? Show, object? SwitchedTo);

    readonly List<Binding> bindings = [];

    /// <summary>Adds <paramref name="option"/> to the command, setting <paramref name="property"/> (through <paramref name="convert"/>, if given).</summary>
    public Option<T> Bind<T>(Option<T> option, string property, Func<T, object?>? convert = null)
    {
        var target = typeof(DcganOptions).GetProperty(property) ?? throw new ArgumentException($"DcganOptions has no property {property}", nameof(property));
        object? Read(ParseResult parsed) => convert is null ? parsed.GetValue(option) : convert(parsed.GetValue(option)!);
        DcganOptions Apply(ParseResult parsed, DcganOptions options)
        {
            var changed = options with { };
            target.SetValue(changed, Read(parsed));
            return changed;
        }
        var switchedTo = option.Arity.MaximumNumberOfValues == 0 ? (convert is null ? true : convert((T)(object)true)) : null;
        return Add(option, new Binding(option, [property], Apply, null, switchedTo));
    }

    /// <summary>Adds <paramref name="option"/>, which sets several properties at once (--device: the device and its index).</summary>
    /// <param name="show">A value of one of <paramref name="properties"/> as the flag writes it.</param>
    public Option<T> Bind<T>(Option<T> option, string[] properties, Func<DcganOptions, T, DcganOptions> apply, Func<string, object?, string> show) =>
        Add(option, new Binding(option, properties, (parsed, options) => apply(options, parsed.GetValue(option)!), show, null));

    Option<T> Add<T>(Option<T> option, Binding binding)
    {
        bindings.Add(binding);
        command.Add(option);
        return option;
    }

    /// <summary>The properties no flag sets.</summary>
    public IEnumerable<string> Unbound => typeof(DcganOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name)
        .Where(property => !bindings.Any(b => b.Properties.Contains(property)));

    public override string Plural => "flags";

    /// <summary>The flag that sets a property, for messages (the property's name where none does).</summary>
    public override string Name(string property) => BindingOf(property)?.Option.Name ?? property;

    public override string Value(string property, object? value) =>
        BindingOf(property)?.Show is { } show ? show(property, value) : value switch
        {
            null => "none",
            bool on => on ? "on" : "off",
            Augmentations augment => DiffAugment.Describe(augment),
            Enum choice => Spelling.Of(choice),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

    /// <summary>For a setting a flag switches: that flag ("--cache"), or dropping the one that switches it the other way ("drop --no-download").</summary>
    public override string Advice(string property, object? value)
    {
        var switches = bindings.Where(b => b.SwitchedTo is not null && b.Properties.Contains(property)).ToList();
        if (switches.Count == 0)
            return Setting(property, value);
        return switches.FirstOrDefault(b => Equals(b.SwitchedTo, value)) is { } on ? on.Option.Name : $"drop {switches[0].Option.Name}";
    }

    /// <summary>The record's defaults, with every bound flag that was given applied.</summary>
    public DcganOptions Read(ParseResult parsed)
    {
        var options = new DcganOptions();
        var given = new HashSet<string>();
        foreach (var binding in bindings)
        {
            if (parsed.GetResult(binding.Option) is not { Implicit: false })
                continue;
            options = binding.Apply(parsed, options);
            given.UnionWith(binding.Properties);
        }
        return options with { Explicit = given };
    }

    Binding? BindingOf(string property) => bindings.FirstOrDefault(b => b.Properties.Contains(property));
}
