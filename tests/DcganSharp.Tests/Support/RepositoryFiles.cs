namespace DcganSharp.Tests.Support;

/// <summary>The repository the tests were built from (README.md, the projects), found above the test assembly.</summary>
public static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "DcganSharp.slnx")))
                    return folder.FullName;
            }
            throw new InvalidOperationException($"no DcganSharp.slnx above {AppContext.BaseDirectory}");
        }
    }
}
