using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Recordings;

/// <summary>Two services on loopback ports, each on a database of its own: one records, the other is a second deployment to replay into.</summary>
public sealed class TwoServices : IAsyncLifetime
{
    public ServiceOnALoopbackPort Recorder { get; } = new();

    public ServiceOnALoopbackPort Other { get; } = new();

    public async Task InitializeAsync()
    {
        await Recorder.InitializeAsync();
        await Other.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Other.DisposeAsync();
        await Recorder.DisposeAsync();
    }
}
