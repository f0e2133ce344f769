namespace DcganSharp;

/// <summary>How a DCGAN is trained around the unchanged networks (`--recipe`).</summary>
public enum RecipeName
{
    /// <summary>The defaults measured best here (bench/quality): an averaged generator for every sample, a smaller batch, a faster rate, a narrower D and an R1 penalty.</summary>
    [Spelled("quality", Also = ["default"])]
    Quality,

    /// <summary>Exactly pytorch/examples/dcgan/main.py: no average, no augmentation, one learning rate, hard labels.</summary>
    [Spelled("reference", Also = ["pytorch"])]
    Reference,
}
