namespace DcganSharp.Models;

/// <summary>Which DCGAN network a set of weights belongs to.</summary>
internal enum NetworkRole
{
    Generator,
    Discriminator,
}
