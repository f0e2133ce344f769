namespace DcganSharp.Data;

/// <summary>
/// The classes of a labelled dataset: their names in label order (label i is <see cref="Names"/>[i])
/// and the label of every image, in dataset order.
/// </summary>
internal sealed class ClassLabels
{
    /// <summary>torchvision's names of MNIST's classes: the digits.</summary>
    public static IReadOnlyList<string> Digits { get; } = [.. Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>torchvision's FashionMNIST.classes.</summary>
    public static IReadOnlyList<string> Fashion { get; } = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>CIFAR-10's batches.meta label names (torchvision's CIFAR10.classes).</summary>
    public static IReadOnlyList<string> Cifar10 { get; } = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public ClassLabels(IReadOnlyList<string> names, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Any(label => label < 0 || label >= names.Count))
            throw new ArgumentException($"every label must name one of the {names.Count} classes", nameof(labels));
        Names = names;
        Labels = labels;
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The class of each image, in dataset order.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Labels read from a file (IDX, CIFAR-10), checked against the class names.</summary>
    public static ClassLabels FromBytes(IReadOnlyList<string> names, byte[] labels, string what)
    {
        var bad = Array.FindIndex(labels, label => label >= names.Count);
        if (bad >= 0)
            throw new DcganException($"{what}: label {bad} is {labels[bad]}, but the dataset has {names.Count} classes (0 to {names.Count - 1}); the label file is corrupt: delete it to download it again");
        return new ClassLabels(names, [.. labels.Select(label => (int)label)]);
    }

    /// <summary>
    /// The classes of an image folder as torchvision's ImageFolder reads it: one per subfolder
    /// directly under the root (sorted by name), each image labelled by the subfolder it is in; null
    /// when some image lies directly in the root, which then has no class.
    /// </summary>
    /// <param name="files">Image paths relative to the root, '/' separators.</param>
    public static ClassLabels? FromSubfolders(IReadOnlyList<string> files)
    {
        var folders = new string[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            var slash = files[i].IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
                return null;
            folders[i] = files[i][..slash];
        }
        var names = folders.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        return new ClassLabels(names, [.. folders.Select(folder => index[folder])]);
    }

    /// <summary>
    /// The classes a conditional run trains on: <paramref name="dataset"/>'s, with at least two of
    /// them; unlabelled data is one error that says how to label it.
    /// </summary>
    public static ClassLabels Require(IImageDataset dataset, DatasetKind kind, SettingNames names)
    {
        var flag = names.Name(nameof(DcganOptions.Conditional));
        var without = names.Advice(nameof(DcganOptions.Conditional), false);
        if (dataset is FolderImageDataset folder)
        {
            if (folder.Classes is null)
            {
                var loose = folder.Files.First(file => !file.Contains('/', StringComparison.Ordinal));
                throw new DcganException($"{flag} needs one subfolder per class in '{folder.Root}', but images such as '{loose}' lie in the folder itself; " +
                    $"move the images into one subfolder per class ('{folder.Root}/cats/...', '{folder.Root}/dogs/...', as torchvision's ImageFolder reads them), or train without classes ({without})");
            }
            if (folder.Classes.Names.Count < 2)
                throw new DcganException($"{flag} needs at least 2 classes, but '{folder.Root}' has a single class subfolder ('{folder.Classes.Names[0]}'); add a subfolder per class, or train without classes ({without})");
            return folder.Classes;
        }
        return dataset.Classes ?? throw DcganException.Usage(
            $"{flag} needs labelled data, and {names.Setting(nameof(DcganOptions.Dataset), kind)} has no classes; use " +
            $"{Spelling.Either([.. new[] { DatasetKind.Mnist, DatasetKind.FashionMnist, DatasetKind.Cifar10 }.Select(d => names.Value(nameof(DcganOptions.Dataset), d))])} " +
            $"or {names.Value(nameof(DcganOptions.Dataset), DatasetKind.Folder)} with one subfolder per class, or train without classes ({without})");
    }
}
