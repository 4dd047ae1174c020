using System.Globalization;
using System.Text;

namespace CloudNet.Identity.Signing;

/// <summary>
/// The percent-encoding of the Huawei signers: every UTF-8 byte outside <c>A-Za-z0-9-_.~</c> becomes <c>%XX</c>
/// (upper-case hex). Written out rather than borrowed from <c>Uri.EscapeDataString</c>, whose set of kept
/// characters has changed between .NET versions: a signature must not depend on the runtime.
/// </summary>
public static class PercentEncoding
{
    public static string Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var encoded = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b)) encoded.Append((char)b);
            else encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return encoded.ToString();
    }

    /// <summary>
    /// Undoes the encoding a client put on the wire, so that a request is canonicalised from its text and not
    /// from one of the several ways to escape it. <paramref name="plusIsSpace"/> holds for query strings, where
    /// form encoding (axios, Go's <c>url.Values</c>) writes a space as <c>+</c>. A <c>%</c> that starts no valid
    /// escape stays as it is.
    /// </summary>
    public static string Decode(string text, bool plusIsSpace)
    {
        if (text.IndexOf('%') < 0 && !(plusIsSpace && text.Contains('+'))) return text;
        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (text[i] == '+' && plusIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                var length = char.IsSurrogatePair(text, i) ? 2 : 1;
                var written = Encoding.UTF8.GetBytes(text.AsSpan(i, length), utf8);
                foreach (var b in utf8[..written]) bytes.Add(b);
                i += length - 1;
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    static bool IsUnreserved(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
}
