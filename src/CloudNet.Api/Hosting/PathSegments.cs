namespace CloudNet.Hosting;

/// <summary>The non-empty segments of a request path, for the middleware that moves a prefix into
/// <see cref="HttpRequest.PathBase"/>: a client may double its slashes (<c>//v2//t//servers</c>).</summary>
public static class PathSegments
{
    public static string[] Of(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The index just past the first <paramref name="count"/> non-empty segments of <paramref name="path"/>.</summary>
    public static int EndOf(string path, int count)
    {
        var i = 0;
        for (var seen = 0; seen < count; seen++)
        {
            while (i < path.Length && path[i] == '/') i++;
            while (i < path.Length && path[i] != '/') i++;
        }
        return i;
    }

    /// <summary>Moves the first <paramref name="count"/> segments of the path into PathBase (so self links keep them).</summary>
    public static void MoveIntoPathBase(HttpRequest request, string path, int count)
    {
        var prefix = "/" + string.Join('/', Of(path).Take(count));
        request.PathBase = request.PathBase.Add(new PathString(prefix));
        // Cut where the prefix ends in the path as sent.
        var rest = path[EndOf(path, count)..];
        request.Path = new PathString(rest.Length > 0 ? rest : "/");
    }
}
