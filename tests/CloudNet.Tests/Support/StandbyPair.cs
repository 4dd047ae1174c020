using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;

namespace CloudNet.Tests.Support;

/// <summary>
/// A primary and a streaming standby of its own, for the tests of the read path over replicas: a private cluster
/// made with the OS packages' initdb (as ops/lib/postgres.sh makes the suite's), and a standby of it made with
/// pg_basebackup, each on a free loopback port, under a temporary folder removed afterwards. Run as the postgres user
/// when the tests run as root (PostgreSQL refuses root). Replication is asynchronous here: the tests are about what a
/// read sees, and a paused standby must not hold up the primary's commits.
/// </summary>
public sealed class StandbyPair : IAsyncDisposable
{
    readonly string folder;
    readonly string bin;

    StandbyPair(string folder, string bin)
    {
        this.folder = folder;
        this.bin = bin;
    }

    public int PrimaryPort { get; private set; }
    public int StandbyPort { get; private set; }

    string Primary => Path.Combine(folder, "primary");
    string Standby => Path.Combine(folder, "standby");

    public static async Task<StandbyPair> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("The replica tests need PostgreSQL's server programs (initdb, pg_basebackup): " +
                "bash ops/test installs them (apt-get install postgresql).");
        var folder = Path.Combine(Path.GetTempPath(), $"cloudnet-standby-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var pair = new StandbyPair(folder, bin);
        try
        {
            if (IsRoot) await pair.RunAsync("chown", "postgres:postgres", folder);
            await pair.StartPrimaryAsync();
            await pair.StartStandbyAsync();
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    async Task StartPrimaryAsync()
    {
        await AsOwnerAsync("initdb", "-D", Primary, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        PrimaryPort = FreePort();
        await File.AppendAllTextAsync(Path.Combine(Primary, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            port = {PrimaryPort}
            unix_socket_directories = '{folder}'
            max_connections = 100
            shared_buffers = 32MB
            wal_level = replica
            max_wal_senders = 4
            hot_standby = on
            fsync = off

            """);
        await AsOwnerAsync("pg_ctl", "-D", Primary, "-l", Path.Combine(folder, "primary.log"), "-w", "-t", "60", "start");
    }

    async Task StartStandbyAsync()
    {
        await AsOwnerAsync("pg_basebackup", "-h", "127.0.0.1", "-p", PrimaryPort.ToString(), "-U", "postgres", "-D", Standby, "-R", "-X", "stream");
        StandbyPort = FreePort();
        await AsOwnerAsync("pg_ctl", "-D", Standby, "-l", Path.Combine(folder, "standby.log"), "-o", $"-p {StandbyPort}", "-w", "-t", "60", "start");
    }

    public string PrimaryConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PrimaryPort};Database={database};Username=postgres;Password=postgres";

    public string StandbyConnectionString(string database) =>
        $"Host=127.0.0.1;Port={StandbyPort};Database={database};Username=postgres;Password=postgres";

    /// <summary>Creates a database on the primary and waits until the standby has replayed its creation.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await ExecuteAsync(PrimaryConnectionString("postgres"), $"CREATE DATABASE \"{name}\"");
        await WaitForStandbyAsync();
        return PrimaryConnectionString(name);
    }

    /// <summary>Stops applying WAL on the standby (it still receives it): what it shows from now on is the past.</summary>
    public async Task PauseReplayAsync()
    {
        await ExecuteAsync(StandbyConnectionString("postgres"), "select pg_wal_replay_pause()");
        // The call only asks: the startup process pauses at its next record. Wait until it says it has.
        var watch = Stopwatch.StartNew();
        while (await ScalarAsync<string>(StandbyConnectionString("postgres"), "select pg_get_wal_replay_pause_state()") != "paused")
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(1)) throw new TimeoutException("The standby did not pause its replay within a minute");
            await Task.Delay(10);
        }
    }

    public Task ResumeReplayAsync() => ExecuteAsync(StandbyConnectionString("postgres"), "select pg_wal_replay_resume()");

    /// <summary>Waits (by asking, every 10 ms, for at most a minute) until the standby has replayed all the primary has written.</summary>
    public async Task WaitForStandbyAsync()
    {
        var target = await ScalarAsync<NpgsqlLogSequenceNumber>(PrimaryConnectionString("postgres"), "select pg_current_wal_flush_lsn()");
        var watch = Stopwatch.StartNew();
        while (await ScalarAsync<NpgsqlLogSequenceNumber>(StandbyConnectionString("postgres"), "select coalesce(pg_last_wal_replay_lsn(), '0/0')") < target)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(1)) throw new TimeoutException($"The standby did not replay up to {target} within a minute");
            await Task.Delay(10);
        }
    }

    public Task StopStandbyAsync() => AsOwnerAsync("pg_ctl", "-D", Standby, "-m", "immediate", "-w", "stop");

    public Task StartStandbyAgainAsync() =>
        AsOwnerAsync("pg_ctl", "-D", Standby, "-l", Path.Combine(folder, "standby.log"), "-o", $"-p {StandbyPort}", "-w", "-t", "60", "start");

    static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    static bool IsRoot => Environment.UserName == "root";

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    Task AsOwnerAsync(string program, params string[] arguments) =>
        IsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, program), .. arguments])
            : RunAsync(Path.Combine(bin, program), arguments);

    async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var data in new[] { Standby, Primary })
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
                try { await AsOwnerAsync("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"); } catch (InvalidOperationException) { }
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
