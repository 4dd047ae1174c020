using System.IO.Compression;

namespace CloudNet.History.Replay;

/// <summary>
/// Where an exported log is written to or read from: a file (gzip-compressed when its name ends in <c>.gz</c>, which
/// makes a bug report's attachment about ten times smaller), or standard output/input when no file (or <c>-</c>) is given.
/// </summary>
public static class EventLogFile
{
    public static bool IsStandardStream(string? path) => string.IsNullOrEmpty(path) || path == "-";

    public static Stream OpenWrite(string? path)
    {
        if (IsStandardStream(path)) return Console.OpenStandardOutput();
        var file = new FileStream(path!, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        return path!.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Fastest) : file;
    }

    public static Stream OpenRead(string? path)
    {
        if (IsStandardStream(path)) return Console.OpenStandardInput();
        var file = new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return path!.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
