using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// The portal as <c>compose.yaml</c> ships it: the Release build published fresh from this checkout, started as its
/// own process with the portal service's environment read from compose.yaml (SQLite in place of SQL Server, which
/// cannot run here, and a free port in place of 8080), reached over plain HTTP.
/// </summary>
public sealed partial class PublishedPortal : IAsyncLifetime
{
    private Process? _process;

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string Artifacts => Path.Combine(RepoRoot, "artifacts", "published-portal");

    public Uri BaseAddress { get; private set; } = null!;

    public string LogPath => Path.Combine(Artifacts, "portal.log");

    /// <summary>The portal service's environment in compose.yaml, with <c>${VAR:-default}</c> taken at its default.</summary>
    public static IReadOnlyDictionary<string, string> ComposeEnvironment()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot, "compose.yaml"));
        var portal = Array.FindIndex(lines, l => l.TrimEnd() == "  portal:");
        var start = Array.FindIndex(lines, portal, l => l.Trim() == "environment:");
        var environment = new Dictionary<string, string>();
        for (var i = start + 1; i < lines.Length && (lines[i].StartsWith("      ", StringComparison.Ordinal) || lines[i].Trim().Length == 0); i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var value = line[(colon + 1)..].Trim().Trim('"');
            environment[line[..colon]] = Default().Replace(value, m => m.Groups[1].Value);
        }

        return environment;
    }

    public async Task InitializeAsync()
    {
        if (Directory.Exists(Artifacts))
        {
            Directory.Delete(Artifacts, recursive: true);
        }

        var app = Path.Combine(Artifacts, "app");
        await RunAsync("dotnet", $"publish \"{Path.Combine(RepoRoot, "src", "PosRenewal.Web")}\" -c Release -o \"{app}\" --nologo -v quiet");

        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(app, "PosRenewal.Web.dll")}\"")
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in ComposeEnvironment())
        {
            start.Environment[key] = value;
        }

        // What cannot be as compose has it here: no SQL Server engine, and port 8080 may be taken.
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__PosRenewal"] = $"Data Source={Path.Combine(Artifacts, "data", "posrenewal.db")}";
        start.Environment["Portal__PublicBaseUrl"] = start.Environment["Portal__PublicBaseUrl"]!.Replace(":8080", $":{port}", StringComparison.Ordinal);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        _process = Process.Start(start)!;
        var log = new StreamWriter(LogPath) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 120; i++)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                if ((await http.GetAsync("/healthz/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"The published portal did not become ready; see {LogPath}");
    }

    /// <summary>A browser on plain HTTP: cookies kept by the standard jar (which, like a browser, holds back Secure ones).</summary>
    public TestBrowser NewBrowser(string language)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = BaseAddress,
        };
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return new TestBrowser(http);
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed:\n{await output}\n{await errors}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PosRenewal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PosRenewal.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"\$\{[A-Z_]+:-([^}]*)\}")]
    private static partial Regex Default();
}
