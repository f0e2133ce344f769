namespace DcganSharp.Serve.Api;

/// <summary>The optional "class" field of a request: a class number of the served conditional generator.</summary>
internal static class ClassField
{
    /// <summary>The class asked for, or null when the field is absent; a class an unconditional generator is asked for is a 400.</summary>
    public static int? Read(JsonFields fields, IReadOnlyList<string> classes)
    {
        if (classes.Count == 0)
        {
            return fields.Integer("class", 0, long.MaxValue) is null
                ? null
                : throw ApiException.BadRequest("'class' needs a class-conditional generator, and this one has no classes; drop 'class'");
        }
        return (int?)fields.Integer("class", 0, classes.Count - 1);
    }
}
