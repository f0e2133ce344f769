namespace DcganSharp.IO;

/// <summary>Where dcgan keeps what it can fetch or compute again: $XDG_CACHE_HOME/dcgan-sharp, else ~/.cache/dcgan-sharp.</summary>
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
