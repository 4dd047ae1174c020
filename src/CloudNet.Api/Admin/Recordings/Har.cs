using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloudNet.Admin.Recordings;

/// <summary>HAR 1.2 (<c>http://www.softwareishard.com/blog/har-12-spec/</c>), as this service writes and reads it.</summary>
public static class Har
{
    public const string Version = "1.2";

    /// <summary>This service's own fields in a HAR: custom fields start with an underscore, as the format asks.</summary>
    public const string Extension = "_cloudnet";

    /// <summary>JSON as it was written (no escaping of <c>+</c>, <c>&lt;</c> or non-ASCII letters), so bodies stay readable.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
