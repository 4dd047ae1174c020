using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CloudNet.Tests.Observability;

/// <summary>
/// An OTLP/HTTP receiver on a loopback port, as a collector would be: it answers every export 200 and keeps the bodies
/// (protobuf; its strings are plain UTF-8 bytes, so a test can look for a request id in them without decoding).
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    readonly HttpListener listener = new();

    public string Endpoint { get; }

    public ConcurrentQueue<(string Path, byte[] Body)> Exports { get; } = new();

    public OtlpReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    async Task ReceiveAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Exports.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public bool Received(string path, string text) =>
        Exports.Any(e => e.Path == path && e.Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0);

    public void Dispose() => listener.Close();
}
