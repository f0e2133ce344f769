namespace DcganSharp;

/// <summary>What <see cref="Dcgan.Train"/> trains on (`dcgan train --dataset`).</summary>
public enum DatasetKind
{
    /// <summary>MNIST digits (IDX files under <see cref="DcganOptions.DataRoot"/>, downloaded when missing).</summary>
    [Spelled("mnist")]
    Mnist,

    /// <summary>Fashion-MNIST (IDX files, downloaded when missing).</summary>
    [Spelled("fashion-mnist", Also = ["fashionmnist"])]
    FashionMnist,

    /// <summary>CIFAR-10 (its binary or python batches, the binary ones downloaded when missing).</summary>
    [Spelled("cifar10", Also = ["cifar-10"])]
    Cifar10,

    /// <summary>CelebA: <see cref="DcganOptions.DataRoot"/> holds img_align_celeba.</summary>
    [Spelled("celeba")]
    CelebA,

    /// <summary>Any folder of images (JPEG, PNG, WebP, ...), searched recursively; pytorch/examples' imagenet and lfw are such folders.</summary>
    [Spelled("folder", "imagenet", "lfw")]
    Folder,

    /// <summary>Random images; no files needed (for trying the library out).</summary>
    [Spelled("fake")]
    Fake,
}
