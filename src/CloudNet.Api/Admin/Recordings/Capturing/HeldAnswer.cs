namespace CloudNet.Admin.Recordings.Capturing;

/// <summary>
/// The response body of a request while some tenant is recorded: held in memory until the recorder knows whose request it is
/// (<see cref="RecordingCandidate"/>). A request of a tenant that is not recorded is let through as soon as it is authenticated:
/// what was held (nothing, usually) goes out, and every later write goes straight to the client. A recorded tenant's answer,
/// a token request's (its tenant is known from the answer) and an answer given before authentication stay held to the end.
/// </summary>
public sealed class HeldAnswer(Stream client) : Stream
{
    MemoryStream? held = new();

    /// <summary>Still held; false once let through.</summary>
    public bool IsHeld => held is not null;

    /// <summary>What was written so far, while held.</summary>
    public MemoryStream Held => held ?? throw new InvalidOperationException("The answer was let through.");

    /// <summary>From now on the answer goes straight to the client, after what was held.</summary>
    public async Task LetThroughAsync(CancellationToken ct)
    {
        if (held is not { } kept) return;
        held = null;
        if (kept.Length > 0)
        {
            kept.Position = 0;
            await kept.CopyToAsync(client, ct);
        }
        await kept.DisposeAsync();
    }

    Stream Target => held ?? client;

    public override void Write(byte[] buffer, int offset, int count) => Target.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => Target.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Target.WriteAsync(buffer, offset, count, ct);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => Target.WriteAsync(buffer, ct);

    public override void Flush()
    {
        if (held is null) client.Flush();
    }

    public override Task FlushAsync(CancellationToken ct) => held is null ? client.FlushAsync(ct) : Task.CompletedTask;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Only what it holds: the client's stream belongs to the server.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) held?.Dispose();
        base.Dispose(disposing);
    }
}
