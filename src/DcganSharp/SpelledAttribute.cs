namespace DcganSharp;

/// <summary>
/// How the command line and checkpoints write an enum value: the first of <paramref name="names"/>
/// is its canonical word (written), the others are shown in help as alternatives, and
/// <see cref="Also"/> lists further accepted spellings that help leaves out. One declaration
/// serves parsing, help, messages and checkpoint JSON (<see cref="Spelling"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
internal sealed class SpelledAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;

    /// <summary>Accepted but not advertised (older or looser spellings).</summary>
    public string[] Also { get; init; } = [];
}
