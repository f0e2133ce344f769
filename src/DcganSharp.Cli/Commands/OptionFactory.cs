using System.CommandLine;

namespace DcganSharp.Cli.Commands;

/// <summary>Shorthand for options with a description, a default shown in --help, and aliases.</summary>
internal static class OptionFactory
{
    public static Option<T> WithDefault<T>(string name, string description, T defaultValue, params string[] aliases) =>
        new(name, aliases) { Description = description, DefaultValueFactory = _ => defaultValue };

    public static Option<T?> Optional<T>(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description };

    public static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, Arity = ArgumentArity.Zero };
}
