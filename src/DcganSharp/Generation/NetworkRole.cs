namespace DcganSharp.Generation;

/// <summary>Which DCGAN network a set of weights belongs to.</summary>
public enum NetworkRole
{
    Generator,
    Discriminator,
}
