namespace DcganSharp.IO;

/// <summary>The folder where dcgan-sharp keeps what it can recompute but would rather not: $XDG_CACHE_HOME/dcgan-sharp, else ~/.cache/dcgan-sharp.</summary>
internal static class UserCacheFolder
{
    public static string Root
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "dcgan-sharp");
        }
    }
}
