using System.Diagnostics;

namespace CloudNet.Tests.Hosting;

/// <summary>
/// The service loads its Wolverine handlers from code generated ahead of time and committed in
/// <c>src/CloudNet.Api/Internal/Generated</c> (TypeLoadMode.Static). This generates it again from the code as it is now,
/// with the service's own <c>codegen write</c> into a temporary folder, and fails when any file differs, is missing or
/// is left over: the committed code is stale, and <c>bash ops/codegen</c> writes it anew.
/// </summary>
public class when_checking_the_generated_code
{
    [Fact]
    public async Task the_committed_generated_code_is_what_the_code_generates_now()
    {
        var committed = Path.Combine(RepositoryRoot(), "src", "CloudNet.Api", "Internal", "Generated");
        Directory.Exists(committed).ShouldBeTrue($"{committed} is missing: run bash ops/codegen");

        var root = Directory.CreateTempSubdirectory("cloudnet-codegen-");
        try
        {
            var bin = AppContext.BaseDirectory;
            File.Copy(Path.Combine(bin, "appsettings.json"), Path.Combine(root.FullName, "appsettings.json"));
            var (code, output) = await RunCodegenWrite(bin, root.FullName);
            code.ShouldBe(0, output);
            var generated = Path.Combine(root.FullName, "Internal", "Generated");

            var problems = new List<string>();
            var fresh = Files(generated);
            var old = Files(committed);
            problems.AddRange(fresh.Keys.Except(old.Keys).Select(f => $"missing: {f}"));
            problems.AddRange(old.Keys.Except(fresh.Keys).Select(f => $"left over (no longer generated): {f}"));
            problems.AddRange(fresh.Keys.Intersect(old.Keys)
                .Where(f => File.ReadAllText(fresh[f]) != File.ReadAllText(old[f]))
                .Select(f => $"differs: {f}"));
            problems.ShouldBeEmpty("src/CloudNet.Api/Internal/Generated is stale: run bash ops/codegen and commit the result");
            fresh.Count.ShouldBeGreaterThan(50, "one file per endpoint at least");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => f);

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudNet.EventSourced.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no CloudNet.EventSourced.sln above {AppContext.BaseDirectory}");
    }

    /// <summary><c>dotnet CloudNet.Api.dll codegen write</c> with <paramref name="contentRoot"/> as content root, so that the
    /// code lands in <c>{contentRoot}/Internal/Generated</c>. Generating needs a connection string but no database.</summary>
    static async Task<(int ExitCode, string Output)> RunCodegenWrite(string bin, string contentRoot)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = contentRoot, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(bin, "CloudNet.Api.dll"), "codegen", "write", "--contentroot", contentRoot })
            start.ArgumentList.Add(argument);
        start.Environment["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=codegen;Username=codegen;Password=codegen";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
