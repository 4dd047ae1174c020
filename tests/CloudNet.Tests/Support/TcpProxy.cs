using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CloudNet.Tests.Support;

/// <summary>
/// A loopback TCP forwarder between the service and PostgreSQL, so a test can take the database away from
/// one service instance (and give it back) without touching the server the other tests use.
/// </summary>
public sealed class TcpProxy(string targetHost, int targetPort) : IAsyncDisposable
{
    readonly ConcurrentDictionary<TcpClient, byte> connections = new();
    TcpListener? listener;
    CancellationTokenSource? running;

    public int Port { get; private set; }

    public void Start()
    {
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        running = new CancellationTokenSource();
        _ = AcceptAsync(listener, running.Token);
    }

    /// <summary>Refuses new connections and cuts the open ones, as a database that went away.</summary>
    public void Stop()
    {
        running?.Cancel();
        listener?.Stop();
        foreach (var connection in connections.Keys) connection.Dispose();
        connections.Clear();
    }

    async Task AcceptAsync(TcpListener server, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await server.AcceptTcpClientAsync(ct); }
            catch (Exception) { return; }
            _ = ForwardAsync(client, ct);
        }
    }

    async Task ForwardAsync(TcpClient client, CancellationToken ct)
    {
        using var upstream = new TcpClient();
        connections[client] = 0;
        connections[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(targetHost, targetPort, ct);
            await Task.WhenAny(
                client.GetStream().CopyToAsync(upstream.GetStream(), ct),
                upstream.GetStream().CopyToAsync(client.GetStream(), ct));
        }
        catch (Exception)
        {
        }
        finally
        {
            connections.TryRemove(client, out _);
            connections.TryRemove(upstream, out _);
            client.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
