namespace DcganSharp.Tests.Support;

/// <summary>Locates the committed fixtures copied next to the test assembly.</summary>
public static class FixturePaths
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Parity(string testCase, string file) => Path.Combine(Root, "parity", testCase, file);
}
