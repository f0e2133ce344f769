using DcganSharp.Reporting;
using DcganSharp.Training;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Reporting;

public sealed class TensorBoardLoggerTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("tensorboard-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_event_file_holds_the_reference_scalars_and_the_image_by_step()
    {
        var logger = new TensorBoardLogger(Path.Combine(folder, "runs"));
        logger.Scalars(new IterationReport(1, 2, 3, 10, new StepStatistics(1.25f, 2.5f, 0.75f, 0.25f, 0.125f), 50, TimeSpan.Zero));
        logger.Scalars(14, new StepStatistics(1f, 2f, 0.5f, 0.5f, 0.5f));
        using (var grid = randint(0, 256, new long[] { 10, 18, 3 }, dtype: uint8))
            logger.Image(14, grid);

        var file = Assert.Single(Directory.GetFiles(logger.LogDir, "events.out.tfevents.*"));
        var events = ReadEvents(file);

        Assert.Equal("brain.Event:2", events[0].FileVersion);
        var values = events.Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value.Select(v => (e.Step, v))).ToList();
        var at13 = values.Where(x => x.Step == 13).ToDictionary(x => x.v.Tag, x => x.v.SimpleValue);
        Assert.Equal(new Dictionary<string, float> { ["Loss_D"] = 1.25f, ["Loss_G"] = 2.5f, ["D_x"] = 0.75f, ["D_G_z1"] = 0.25f, ["D_G_z2"] = 0.125f }, at13);
        var image = Assert.Single(values, x => x.v.Image is not null);
        Assert.Equal((14L, TensorBoardLogger.ImageTag), (image.Step, image.v.Tag));
        Assert.Equal((10, 18), (image.v.Image.Height, image.v.Image.Width));
        Assert.Equal(0x89, image.v.Image.EncodedImageString[0]);
    }

    // TFRecord framing: u64 length, u32 masked CRC of the length, the record, u32 masked CRC of the record.
    static List<Tensorboard.Event> ReadEvents(string path)
    {
        var events = new List<Tensorboard.Event>();
        using var reader = new BinaryReader(File.OpenRead(path));
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var length = reader.ReadUInt64();
            reader.ReadUInt32();
            events.Add(Tensorboard.Event.Parser.ParseFrom(reader.ReadBytes(checked((int)length))));
            reader.ReadUInt32();
        }
        return events;
    }
}
