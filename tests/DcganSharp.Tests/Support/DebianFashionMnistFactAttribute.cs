using Xunit;

namespace DcganSharp.Tests.Support;

/// <summary>
/// A test that needs Debian's dataset-fashion-mnist package. Where it is not installed the test is
/// reported as skipped with the command that installs it, rather than passing silently.
/// </summary>
public sealed class DebianFashionMnistFactAttribute : FactAttribute
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    public DebianFashionMnistFactAttribute()
    {
        if (!Directory.Exists(Folder))
            Skip = $"{Folder} is absent: apt-get install dataset-fashion-mnist to run this test";
    }
}
