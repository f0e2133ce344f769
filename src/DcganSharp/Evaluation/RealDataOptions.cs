namespace DcganSharp.Evaluation;

/// <summary>Which real images <see cref="RealData.Open"/> gives beyond the dataset's name and split.</summary>
/// <param name="MaxCount">At most this many images, drawn at random (seeded, so always the same ones); null: all.</param>
/// <param name="FakeCount">Images of the fake dataset (as training's fake count).</param>
/// <param name="FakeSeed">Seed of the fake dataset's images (as training's seed).</param>
internal sealed record RealDataOptions(int? MaxCount = null, int FakeCount = 1000, int FakeSeed = 0);
