using JasperFx.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CloudNet.Tests.History.Replay;

/// <summary>
/// Runs a JasperFx command of the service (<c>projections rebuild</c>, <c>history-import</c>…) in-process, on a running
/// test host, the way <c>bash ops/cli</c> runs it on a host built from the same configuration. The commands build their
/// host from <see cref="NetCoreInput.HostBuilder"/> and dispose it when done; this hands them the test host behind a
/// wrapper whose disposal leaves it running.
/// </summary>
public static class InProcessCli
{
    public static TInput On<TInput>(this TInput input, IHost host) where TInput : NetCoreInput
    {
        input.HostBuilder = new BorrowedHostBuilder(host);
        return input;
    }

    sealed class BorrowedHostBuilder(IHost host) : IHostBuilder
    {
        public IDictionary<object, object> Properties { get; } = new Dictionary<object, object>();

        public IHost Build() => new BorrowedHost(host);

        // The host is already built: configuration and services stay as the test host has them.
        public IHostBuilder ConfigureHostConfiguration(Action<IConfigurationBuilder> configureDelegate) => this;

        public IHostBuilder ConfigureAppConfiguration(Action<HostBuilderContext, IConfigurationBuilder> configureDelegate) => this;

        public IHostBuilder ConfigureServices(Action<HostBuilderContext, IServiceCollection> configureDelegate) => this;

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory) where TContainerBuilder : notnull => this;

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(Func<HostBuilderContext, IServiceProviderFactory<TContainerBuilder>> factory)
            where TContainerBuilder : notnull => this;

        public IHostBuilder ConfigureContainer<TContainerBuilder>(Action<HostBuilderContext, TContainerBuilder> configureDelegate) => this;
    }

    sealed class BorrowedHost(IHost host) : IHost
    {
        public IServiceProvider Services => host.Services;

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
