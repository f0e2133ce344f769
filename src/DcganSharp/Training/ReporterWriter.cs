using System.Text;

namespace DcganSharp.Training;

/// <summary>A TextWriter that forwards whole lines to a reporter's Info, for components that log to a writer.</summary>
internal sealed class ReporterWriter(ITrainingReporter reporter) : TextWriter
{
    readonly StringBuilder line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            reporter.Info(line.ToString().TrimEnd('\r'));
            line.Clear();
        }
        else
        {
            line.Append(value);
        }
    }
}
