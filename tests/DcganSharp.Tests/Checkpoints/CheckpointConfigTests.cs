using System.Text.Json.Nodes;
using DcganSharp.Checkpoints;
using DcganSharp.Training;
using Xunit;

namespace DcganSharp.Tests.Checkpoints;

/// <summary>A checkpoint's configuration is the run's options record: every stored setting survives it, nothing else is in it.</summary>
public sealed class CheckpointConfigTests
{
    [Fact]
    public void Every_stored_setting_survives_the_json_and_per_invocation_ones_are_left_out()
    {
        // Each stored property away from its default, so a setting the JSON dropped would come back changed.
        var options = new DcganOptions { Device = ComputeTarget.Cuda, Workers = 7, OutputFolder = "/runs/x", Resume = "/runs/x", Recipe = RecipeName.Reference };
        foreach (var property in StoredSettings.Properties)
            property.SetValue(options, Different(property.GetValue(options), property.PropertyType));
        var config = new CheckpointConfig { Options = options, Recipe = TrainingRecipe.Quality, DatasetDescription = "fake: 40 images" };

        var json = config.ToJson();
        var back = CheckpointConfig.FromJson(json);

        Assert.Equal(options with { Device = ComputeTarget.Auto, Workers = 2, OutputFolder = null, Resume = null, Recipe = RecipeName.Quality }, back.Options with { Explicit = options.Explicit });
        Assert.Equal(config.Recipe, back.Recipe);
        Assert.Equal("fake: 40 images", back.DatasetDescription);
        var stored = JsonNode.Parse(json)!["options"]!.AsObject();
        Assert.Equal(StoredSettings.Properties.Count, stored.Count);
        Assert.False(stored.ContainsKey("device"));
    }

    [Fact]
    public void A_format_1_configuration_reads_as_the_options_record()
    {
        const string json = """
            {"architecture":{"imageSize":16,"channels":1,"latentSize":8,"generatorFeatures":4,"discriminatorFeatures":4},
             "dataset":"fake","datasetDescription":"fake: 40 images","fakeCount":40,"batchSize":8,"learningRate":0.0002,"beta1":0.5,
             "epochs":2,"seed":123,"run":{"sampleEvery":2,"saveEvery":0,"keep":3,"onDiverge":"rollback","collapsePatience":7,
             "collapseMargin":0.05,"maxRollbacks":2,"allowTf32":false,"tensorBoard":false,"evalEvery":0,"evalSamples":1000}}
            """;

        var config = CheckpointConfig.FromJson(json);

        var o = config.Options;
        Assert.Equal(new DcganSharp.Models.DcganArchitecture(16, 1, 8, 4, 4), config.Architecture);
        Assert.Equal((DatasetKind.Fake, 40, 8, 0.0002, 2, 123), (o.Dataset, o.FakeCount, o.BatchSize, o.LearningRate, o.Epochs, o.Seed));
        Assert.Equal((2, 0, DivergencePolicy.Rollback, 7, 0.05, false), (o.SampleEvery, o.SaveEvery, o.OnDiverge, o.CollapsePatience, o.CollapseMargin, o.AllowTf32));
        Assert.Equal("fake: 40 images", config.DatasetDescription);
        // Format 1 checkpoints from before recipes trained as the reference.
        Assert.Null(config.Recipe);
    }

    [Fact]
    public void A_recipe_stored_before_the_R1_penalty_existed_resumes_without_it()
    {
        var config = new CheckpointConfig { Options = new DcganOptions(), Recipe = TrainingRecipe.Quality, DatasetDescription = "fake: 40 images" };
        var json = JsonNode.Parse(config.ToJson())!;
        var recipe = json["recipe"]!.AsObject();
        var key = Assert.Single(recipe, p => p.Key.Equals(nameof(TrainingRecipe.R1Gamma), StringComparison.OrdinalIgnoreCase)).Key;
        Assert.Equal(1, recipe[key]!.GetValue<double>());
        recipe.Remove(key);

        var back = CheckpointConfig.FromJson(json.ToJsonString());

        Assert.Equal(TrainingRecipe.Quality with { R1Gamma = 0 }, back.Recipe);
    }

    [Theory]
    [InlineData("fashion-mnist", DatasetKind.FashionMnist)]
    [InlineData("FashionMNIST", DatasetKind.FashionMnist)]
    [InlineData("cifar-10", DatasetKind.Cifar10)]
    [InlineData("imagenet", DatasetKind.Folder)]
    [InlineData("lfw", DatasetKind.Folder)]
    [InlineData(" FAKE ", DatasetKind.Fake)]
    public void Datasets_stored_as_they_were_spelled_read_back_as_their_kind_and_are_written_canonically(string stored, DatasetKind kind)
    {
        var json = $$"""{"options":{"dataset":"{{stored}}","split":"val","onDiverge":"IGNORE","batchSize":8},"datasetDescription":"x"}""";

        var options = CheckpointConfig.FromJson(json).Options;

        Assert.Equal((kind, DataSplit.Valid, DivergencePolicy.Ignore), (options.Dataset, options.Split, options.OnDiverge));
        var written = JsonNode.Parse(new CheckpointConfig { Options = options }.ToJson())!["options"]!;
        Assert.Equal((Spelling.Of(kind), "valid", "ignore"), (written["dataset"]!.GetValue<string>(), written["split"]!.GetValue<string>(), written["onDiverge"]!.GetValue<string>()));
    }

    [Fact]
    public void A_stored_word_that_names_no_value_is_refused()
    {
        var error = Assert.Throws<System.Text.Json.JsonException>(() => CheckpointConfig.FromJson("""{"options":{"onDiverge":"panic"}}"""));
        Assert.Contains("'panic' is not one of stop, rollback, ignore", error.Message);
    }

    static object Different(object? value, Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
            return Enum.GetValues(t).Cast<object>().First(v => !v.Equals(value) && !v.Equals(Enum.GetValues(t).GetValue(0)));
        if (t == typeof(int))
            return value is int i ? i + 3 : 5;
        if (t == typeof(double))
            return value is double d ? d / 2 + 0.125 : 0.25;
        if (t == typeof(bool))
            return value is not true;
        if (t == typeof(string))
            return "/data/somewhere";
        throw new NotSupportedException($"a stored setting of type {t}: teach this test a value for it");
    }
}
