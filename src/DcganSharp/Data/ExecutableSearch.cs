namespace DcganSharp.Data;

/// <summary>
/// Resolves a command name the way a shell would, so "is npm installed?" can be answered before
/// starting a process, and a missing tool becomes a clear message rather than a start failure.
/// </summary>
internal static class ExecutableSearch
{
    public static string? Find(string command)
    {
        // A path (absolute or relative) is taken as given.
        if (command.Contains(Path.DirectorySeparatorChar) || command.Contains(Path.AltDirectorySeparatorChar))
            return File.Exists(command) ? Path.GetFullPath(command) : null;

        // On Windows npm is npm.cmd (the extension-less "npm" next to it is a shell script that
        // cannot be started directly); elsewhere the bare name is the executable.
        string[] extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD").Split(';', StringSplitOptions.RemoveEmptyEntries)
            : [""];
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(folder, command + extension);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }
}
