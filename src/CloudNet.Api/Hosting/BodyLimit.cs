namespace CloudNet.Hosting;

/// <summary>
/// Refuses request bodies over 1 MiB with 413, whatever server runs the app: Kestrel's own limit is set
/// too, but other servers (the in-process test server among them) do not enforce it. A declared length
/// is refused before reading; a chunked body is cut off when it passes the limit.
/// </summary>
public static class BodyLimit
{
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        if (request.ContentLength is null && !EmptyBodies.HasNoBody(context))
            request.Body = new LimitedStream(request.Body, maxBytes);
        return next();
    });

    static BadHttpRequestException TooLarge(long maxBytes) =>
        new($"Request body too large. The max request body size is {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);

    sealed class LimitedStream(Stream inner, long maxBytes) : Stream
    {
        long read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            Count(await inner.ReadAsync(buffer, ct));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), ct));

        int Count(int n)
        {
            read += n;
            return read > maxBytes ? throw TooLarge(maxBytes) : n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set { inner.Position = value; read = value; } }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
