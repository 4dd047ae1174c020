using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Recordings;

/// <summary>
/// The service with one more route at the end of its pipeline (after authentication, like every endpoint): <c>GET /v2.0/_streamed</c>
/// writes a first line, flushes it, and writes the last one only once the test opens <see cref="Gate"/>. A client can read the
/// first line before the end only if nothing between it and the route holds the answer back.
/// </summary>
public sealed class ServiceWithAStreamedRoute : IAsyncLifetime
{
    public ServiceOnALoopbackPort Service { get; } = new(services => services.AddTransient<IStartupFilter, StreamedRoute>());

    public static TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task InitializeAsync() => Service.InitializeAsync();

    public Task DisposeAsync() => Service.DisposeAsync();

    sealed class StreamedRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/v2.0/_streamed", route => route.Run(async context =>
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("first\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Gate.Task.WaitAsync(context.RequestAborted);
                await context.Response.WriteAsync("last\n", context.RequestAborted);
            }));
        };
    }
}

/// <summary>
/// While one tenant is recorded, the recorder decides after authentication: another tenant's request is not recorded and its
/// answer is not held (it streams to the client as the endpoint writes it); the recorded tenant's requests still are.
/// </summary>
public class when_another_tenant_is_recorded(ServiceWithAStreamedRoute app) : IClassFixture<ServiceWithAStreamedRoute>
{
    HttpClient Client => app.Service.Client;

    [Fact]
    public async Task its_answer_streams_to_the_client_as_written_and_nothing_of_it_is_recorded()
    {
        var recorded = await Client.NewTenant();
        var other = await Client.NewTenant();
        await Client.StartRecording(recorded.TenantId);
        ServiceWithAStreamedRoute.Gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = await Client.Walk(recorded, withFloatingIps: false);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2.0/_streamed");
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(other.BasicHeader);
        try
        {
            // A bound, not a measure: a held answer never gets here before the gate opens, and the test fails instead of hanging.
            using var answer = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(60));
            ((int)answer.StatusCode).ShouldBe(200);
            using var reader = new StreamReader(await answer.Content.ReadAsStreamAsync());
            (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))).ShouldBe("first", "the first line arrives while the endpoint still runs");
            ServiceWithAStreamedRoute.Gate.SetResult();
            (await reader.ReadToEndAsync()).ShouldBe("last\n");
        }
        finally
        {
            ServiceWithAStreamedRoute.Gate.TrySetResult();
        }

        var stopped = await Client.StopRecording(recorded.TenantId);
        stopped["entries"]!.GetValue<int>().ShouldBe(sent, "the recorded tenant's requests are recorded, the other's are not");
        (await Client.Har(recorded.TenantId)).ShouldNotContain("_streamed");
    }
}
