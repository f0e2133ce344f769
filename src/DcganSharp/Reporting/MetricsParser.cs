using System.Globalization;

namespace DcganSharp.Reporting;

/// <summary>Reads metrics.csv lines back into rows.</summary>
internal static class MetricsParser
{
    const int Columns = 11;

    /// <summary>The row of a CSV line, or null for a line that is not one (blank, truncated, garbled).</summary>
    public static MetricsRow? Parse(string line)
    {
        var fields = line.TrimEnd('\r').Split(',');
        if (fields.Length != Columns)
            return null;
        var i = Integers(fields, 3);
        var d = Doubles(fields, 3, 7);
        if (i is null || d is null)
            return null;
        double? fid = fields[10].Length == 0 ? null
            : double.TryParse(fields[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : double.NaN;
        if (fid is double.NaN)
            return null;
        return new MetricsRow((int)i[0], (int)i[1], i[2], d[0], d[1], d[2], d[3], d[4], d[5], d[6], fid);
    }

    /// <summary>The global_step column of a line, or null.</summary>
    public static long? GlobalStep(string line)
    {
        var fields = line.Split(',');
        return fields.Length == Columns && long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step) ? step : null;
    }

    static long[]? Integers(string[] fields, int count)
    {
        var values = new long[count];
        for (var k = 0; k < count; k++)
        {
            if (!long.TryParse(fields[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[k]) || values[k] < 0)
                return null;
        }
        return values[0] > int.MaxValue || values[1] > int.MaxValue ? null : values;
    }

    static double[]? Doubles(string[] fields, int start, int count)
    {
        var values = new double[count];
        for (var k = 0; k < count; k++)
        {
            if (!double.TryParse(fields[start + k], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]))
                return null;
        }
        return values;
    }
}
