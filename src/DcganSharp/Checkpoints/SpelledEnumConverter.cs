using System.Text.Json;
using System.Text.Json.Serialization;

namespace DcganSharp.Checkpoints;

/// <summary>
/// Writes a spelled enum (<see cref="SpelledAttribute"/>) as its canonical word and reads any of
/// its spellings, so checkpoints hold the words `dcgan train` takes ("fashion-mnist", "rollback")
/// and those written when the settings were strings ("FAKE", "imagenet") still load.
/// </summary>
internal sealed class SpelledEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => Spelling.IsSpelled(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Words<>).MakeGenericType(typeToConvert))!;

    sealed class Words<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } text && Spelling.Parse<T>(text) is { } value
                ? value
                : throw new JsonException($"'{reader.GetString()}' is not one of {string.Join(", ", Spelling.Canonical<T>())}");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Spelling.Of(value));
    }
}
