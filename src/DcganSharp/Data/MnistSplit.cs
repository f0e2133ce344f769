namespace DcganSharp.Data;

/// <summary>Which half of an MNIST-family dataset: the 60,000 training or the 10,000 test ("t10k") images.</summary>
internal enum MnistSplit
{
    Train,
    Test,
}
