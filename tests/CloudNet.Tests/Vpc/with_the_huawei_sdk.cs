using System.Diagnostics;
using System.Text;
using CloudNet.Tests.Support;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Xunit.Abstractions;

namespace CloudNet.Tests.Vpc;

/// <summary>The service on Kestrel, on a loopback port of its own and a database of its own, for a client in another process.</summary>
public sealed class ServiceOnALoopbackPort : IAsyncLifetime
{
    readonly string database = $"cloudnet_test_{Guid.NewGuid():N}";
    WebApplicationFactory<Program>? factory;

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string BaseAddress { get; private set; } = "";

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        var connectionString = await PostgresServer.CreateDatabaseAsync(database);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("urls", "http://127.0.0.1:0");
            builder.ConfigureServices(services =>
            {
                services.DisableAllExternalWolverineTransports();
                services.RunWolverineInSoloMode();
            });
        });
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = address.TrimEnd('/');
        Client = new HttpClient { BaseAddress = new Uri(BaseAddress) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(database);
    }
}

/// <summary>
/// The official Huawei Cloud SDK for Node (<c>@huaweicloud/huaweicloud-sdk-vpc</c> v2 <c>VpcClient</c> with
/// <c>BasicCredentials</c>, AK/SK signed), unmodified, against the service over HTTP: <c>tests/huawei-sdk/privateips.mjs</c>
/// makes everything itself through the SDK: a v1 VPC and a subnet of it (create, show, list), then assigns, lists,
/// shows and deletes private IPs on that subnet and checks the <c>VPC.0701</c> error the SDK surfaces, then deletes
/// the subnet and the VPC (after which ShowVpc is the SDK's <c>VPC.0003</c> error). Needs Node.js and npm on PATH;
/// without them the test fails, since passing would prove nothing about the SDK. The script's step lines go to the
/// test output.
/// </summary>
public class with_the_huawei_sdk(ServiceOnALoopbackPort server, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task the_official_node_sdk_makes_a_vpc_and_subnet_and_assigns_lists_shows_and_deletes_private_ips()
    {
        var sdkFolder = Path.Combine(RepositoryRoot(), "tests", "huawei-sdk");
        await ShouldHaveTool("node", sdkFolder);
        await ShouldHaveTool("npm", sdkFolder);
        await InstallPackagesIfNeeded(sdkFolder);

        // The SDK writes an application id under ~/.huaweicloud (core http/DefaultUserAgent.js): give it a home of its own.
        var home = Directory.CreateTempSubdirectory("huawei-sdk-home-");
        try
        {
            var run = await Run("node", ["privateips.mjs"], sdkFolder, NodeTimeout, new Dictionary<string, string>
            {
                ["BASE"] = server.BaseAddress,
                ["HOME"] = home.FullName,
            });
            output.WriteLine(ScriptLines(run.Output)); // the steps, also on a pass (dotnet test --logger "console;verbosity=detailed")
            var report = $"node privateips.mjs (BASE={server.BaseAddress}) failed.\n" +
                $"Its steps:\n{ScriptLines(run.Output)}\nAll of its output, with the SDK's own log:\n{run.Output}";
            run.ExitCode.ShouldBe(0, report);
            run.Output.ShouldContain("PASS the Huawei SDK worked", Case.Sensitive, report);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    /// <summary>The script's own lines (steps, and the request it sent when one failed), without the SDK's log dumps.</summary>
    static string ScriptLines(string output) => string.Join('\n', output.Split('\n')
        .Where(line => line.StartsWith("$ ") || line.StartsWith("ok   ") || line.StartsWith("FAIL ") || line.StartsWith("PASS ")
            || line.StartsWith("  sent") || line.StartsWith("  cleanup") || line.StartsWith("  canonical") || line.StartsWith("    | ")));

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudNet.EventSourced.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds CloudNet.EventSourced.sln.");
    }

    static async Task ShouldHaveTool(string tool, string folder)
    {
        ProcessResult version;
        try
        {
            version = await Run(tool, ["--version"], folder, TimeSpan.FromMinutes(1));
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or FileNotFoundException)
        {
            throw new InvalidOperationException(
                $"'{tool}' is not on PATH. This test runs the official Huawei Cloud SDK for Node against the service and " +
                "cannot pass without Node.js and npm: install them (Debian: apt-get install nodejs npm).", ex);
        }
        version.ExitCode.ShouldBe(0, $"'{tool} --version' failed:\n{version.Output}");
    }

    /// <summary><c>npm ci</c> (or <c>npm install</c> without a lock) when node_modules is missing or older than the lock.</summary>
    static async Task InstallPackagesIfNeeded(string folder)
    {
        var lockFile = Path.Combine(folder, "package-lock.json");
        var installed = Path.Combine(folder, "node_modules", ".package-lock.json");
        var hasLock = File.Exists(lockFile);
        if (File.Exists(installed) && (!hasLock || File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))) return;

        string[] arguments = hasLock ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"];
        var install = await Run("npm", arguments, folder, NpmTimeout);
        install.ExitCode.ShouldBe(0, $"npm {string.Join(' ', arguments)} in {folder} failed:\n{install.Output}");
    }

    sealed record ProcessResult(int ExitCode, string Output);

    /// <summary>Runs a program to its end or the timeout (then kills it and its children); stdout and stderr interleaved.</summary>
    static async Task<ProcessResult> Run(string program, string[] arguments, string folder, TimeSpan timeout,
        IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(WithoutColours(e.Data)); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(WithoutColours(e.Data)); };
        var clock = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output)
                throw new TimeoutException($"'{program} {string.Join(' ', arguments)}' did not finish within {timeout} and was killed:\n{output}");
        }
        process.WaitForExit(); // drains the redirected streams
        lock (output)
            return new ProcessResult(process.ExitCode,
                $"$ {program} {string.Join(' ', arguments)}  ({clock.Elapsed.TotalSeconds:F1} s, exit {process.ExitCode})\n{output}");
    }

    /// <summary>log4js colours the SDK's log lines.</summary>
    static string WithoutColours(string line) => System.Text.RegularExpressions.Regex.Replace(line, @"\x1b\[[0-9;]*m", "");
}
