using System.Globalization;
using System.Text.Json;

namespace DcganSharp.Serve.Api;

/// <summary>
/// The fields of one JSON object in a request, read strictly: only the names the endpoint knows,
/// each at most once, each of the right type and range. Anything else is a 400 naming the field.
/// A null value counts as the field being absent.
/// </summary>
internal sealed class JsonFields
{
    readonly Dictionary<string, JsonElement> fields;
    readonly string prefix;

    JsonFields(Dictionary<string, JsonElement> fields, string prefix) => (this.fields, this.prefix) = (fields, prefix);

    /// <summary>The body's fields; <paramref name="allowed"/> are the names it may have (case-sensitive).</summary>
    public static JsonFields Of(JsonElement body, params string[] allowed) => OfObject(body, "", allowed);

    /// <param name="path">The object's field name inside the body, or "" for the body itself.</param>
    static JsonFields OfObject(JsonElement element, string path, string[] allowed)
    {
        var name = path == "" ? "the body" : $"'{path}'";
        if (element.ValueKind != JsonValueKind.Object)
            throw ApiException.BadRequest($"{name} must be a JSON object, got {Describe(element)}");
        var prefix = path == "" ? "" : path + ".";
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                throw ApiException.BadRequest($"unknown field '{prefix}{Shorten(property.Name)}'; {name} may have: {string.Join(", ", allowed)}");
            if (!fields.TryAdd(property.Name, property.Value))
                throw ApiException.BadRequest($"field '{prefix}{property.Name}' appears more than once");
        }
        return new JsonFields(fields, prefix);
    }

    /// <summary>An integer in [min, max], or <paramref name="fallback"/> when absent.</summary>
    public long? Integer(string name, long min, long max, long? fallback = null)
    {
        if (Value(name) is not { } value)
            return fallback;
        var range = $"an integer from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        if (value.ValueKind != JsonValueKind.Number)
            throw ApiException.BadRequest($"'{prefix}{name}' must be {range}, got {Describe(value)}");
        if (!value.TryGetInt64(out var number))
            throw ApiException.BadRequest($"'{prefix}{name}' must be {range}, got {Shorten(value.GetRawText())}");
        if (number < min || number > max)
            throw ApiException.BadRequest($"'{prefix}{name}' must be {range}, got {number.ToString(CultureInfo.InvariantCulture)}");
        return number;
    }

    /// <summary>One of <paramref name="choices"/> (exact spelling), or <paramref name="fallback"/> when absent.</summary>
    public string Choice(string name, string fallback, params string[] choices)
    {
        if (Value(name) is not { } value)
            return fallback;
        var expected = $"one of {string.Join(", ", choices.Select(c => $"\"{c}\""))}";
        if (value.ValueKind != JsonValueKind.String)
            throw ApiException.BadRequest($"'{prefix}{name}' must be {expected}, got {Describe(value)}");
        var text = value.GetString()!;
        return choices.Contains(text, StringComparer.Ordinal)
            ? text
            : throw ApiException.BadRequest($"'{prefix}{name}' must be {expected}, got \"{Shorten(text)}\"");
    }

    /// <summary>A nested object with its own allowed fields; throws when it is absent and <paramref name="required"/>.</summary>
    public JsonFields? Object(string name, bool required, params string[] allowed)
    {
        if (Value(name) is not { } value)
            return required ? throw ApiException.BadRequest(Missing(name)) : null;
        return OfObject(value, prefix + name, allowed);
    }

    /// <summary>The message for a required field that is absent.</summary>
    public string Missing(string name) => $"field '{prefix}{name}' is required";

    JsonElement? Value(string name) =>
        fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    // Echo at most a little of what the client sent, on one line.
    static string Shorten(string text)
    {
        var shown = text.Length <= 40 ? text : text[..40] + "...";
        return string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
    }
}
