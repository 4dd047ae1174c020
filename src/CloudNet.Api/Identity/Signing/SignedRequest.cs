namespace CloudNet.Identity.Signing;

/// <summary>A request as it arrived, before anything in the pipeline rewrote it: what its signature covers.</summary>
/// <param name="RawPath">The path as sent, still percent-encoded, without the query.</param>
/// <param name="RawQuery">The query as sent, with or without its leading <c>?</c>; empty when there is none.</param>
/// <param name="Body">The bytes received; unused when <c>X-Sdk-Content-Sha256</c> stands in for their hash.</param>
public sealed record SignedRequest(string Method, string RawPath, string RawQuery, IHeaderDictionary Headers, ReadOnlyMemory<byte> Body);
