using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure.Data;
using PosRenewal.Infrastructure.Payments.Sandbox;
using Serilog.Core;
using Serilog.Events;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// The real portal on Kestrel (a real port, so the Sandbox gateway's notifications travel over real HTTP)
/// with its own SQLite file, migrated and seeded as on a developer's first start.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string SandboxSecret = "dev-only-sandbox-secret-not-for-production";

    private static int _nextCard;
    private readonly string _dbPath;

    public PortalFactory()
        : this(Path.Combine(Path.GetTempPath(), $"posrenewal-test-{Guid.NewGuid():N}.db"))
    {
    }

    /// <summary>A portal on the given SQLite file: two of them on one file are two instances of one deployment.</summary>
    protected PortalFactory(string dbPath)
    {
        _dbPath = dbPath;
        UseKestrel(0);
    }

    public string DbPath => _dbPath;

    public ConcurrentQueue<LogEvent> Logs { get; } = new();

    /// <summary>The e-mail pickup folder of this portal: one .eml file per e-mail sent.</summary>
    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), $"posrenewal-mail-{Guid.NewGuid():N}");

    /// <summary>False simulates a gateway whose notifications never arrive.</summary>
    protected virtual bool SendNotifications => true;

    protected virtual string Environment => "Development";

    /// <summary>The public host of a portal deployed behind a TLS-terminating proxy (an https:// public address); null when reached directly.</summary>
    protected virtual string? TlsProxyHost => null;

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        }
    }

    /// <summary>A client that behaves like one browser (English unless told): its own cookies, redirects not followed automatically.</summary>
    public TestBrowser NewBrowser(string language = "en-US")
    {
        HttpMessageHandler handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        if (TlsProxyHost is { } host)
        {
            // As deployed: behind a TLS-terminating proxy on this machine, so cookies are Secure. The jar keeps them over the plain hop.
            handler = new HttpsProxyHop(host, new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        }

        var http = new HttpClient(handler) { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return new TestBrowser(http);
    }

    /// <summary>The proxy's hop: passes the public host on, says the client came over HTTPS, and keeps cookies (Secure ones too) like the browser would.</summary>
    private sealed class HttpsProxyHop(string host, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly ConcurrentDictionary<string, string> _cookies = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.Headers.Host = host;
            request.Headers.Add("X-Forwarded-Proto", "https");
            if (!_cookies.IsEmpty)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await base.SendAsync(request, ct);
            foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = cookie.Split(';')[0].Split('=', 2);
                _cookies[pair[0]] = pair[1];
            }

            return response;
        }
    }

    public async Task<T> WithDbAsync<T>(Func<PosRenewalDbContext, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>());
    }

    /// <summary>Runs <paramref name="action"/> with the services of one request scope (the portal's own services).</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Reads the books of the demo's Sandbox gateway and carrier simulators (their own store, not the portal's).</summary>
    public async Task<T> WithSimulatorsAsync<T>(Func<PosRenewal.Infrastructure.Simulators.SimulatorDbContext, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<PosRenewal.Infrastructure.Simulators.SimulatorDbContext>());
    }

    /// <summary>Adds a fresh China Mobile card so tests never share one.</summary>
    public async Task<Card> AddCardAsync(DateOnly expiry, CardStatus status = CardStatus.Active)
    {
        var n = Interlocked.Increment(ref _nextCard);
        var body = "8986007" + (System.Environment.ProcessId % 1000).ToString("D3", CultureInfo.InvariantCulture) + n.ToString("D9", CultureInfo.InvariantCulture);
        var card = new Card(Iccid.Parse(body + Iccid.LuhnCheckDigit(body)), expiry, status, 100, TestClock.UtcNow);
        return await WithDbAsync(async db =>
        {
            db.Cards.Add(card);
            await db.SaveChangesAsync();
            return card;
        });
    }

    public Task<Card> ReloadCardAsync(long id) =>
        WithDbAsync(db => db.Cards.AsNoTracking().SingleAsync(c => c.Id == id));

    public Task<RenewalOrder> ReloadOrderAsync(string orderNo) =>
        WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Attempts).SingleAsync(o => o.OrderNo == orderNo));

    /// <summary>Waits (bounded) for the asynchronous notification to land; fails the test if it never does.</summary>
    public async Task<RenewalOrder> WaitForOrderAsync(string orderNo, Func<RenewalOrder, bool> done)
    {
        for (var i = 0; i < 150; i++)
        {
            var order = await ReloadOrderAsync(orderNo);
            if (done(order))
            {
                return order;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Order {orderNo} did not reach the expected state in 15 s.");
    }

    /// <summary>A notification as the Sandbox gateway would send it, signed with the development secret.</summary>
    public static HttpRequestMessage SandboxNotification(string body, DateTimeOffset? at = null, string? signatureOverride = null)
    {
        var timestamp = (at ?? TestClock.Instance.GetUtcNow()).ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/notify/sandbox")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(SandboxSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SandboxSigner.SignatureHeader, signatureOverride ?? new SandboxSigner(SandboxSecret).Sign(timestamp, body));
        return request;
    }

    /// <summary>The Sandbox's merchant id for this portal (the default of <c>Payments:Sandbox:MerchantId</c>).</summary>
    public const string SandboxMerchantId = "PR-SANDBOX-DEMO";

    public static string PaidBody(string tradeNo, string amount, string transactionId = "SBXTEST", string currency = SandboxTradeMessage.Cny, string merchantId = SandboxMerchantId) =>
        new SandboxTradeMessage(tradeNo, transactionId + tradeNo, SandboxTradeMessage.Paid, amount, TestClock.UtcNow, null, currency, merchantId).ToJson();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Database:SeedDemoData", "true");
        builder.UseSetting("ConnectionStrings:PosRenewal", $"Data Source={_dbPath}");
        builder.UseSetting("Payments:Sandbox:DuplicateRate", "0");
        builder.UseSetting("Payments:Sandbox:NotifierPollInterval", "00:00:00.100");
        builder.UseSetting("Payments:Sandbox:SendNotifications", SendNotifications ? "true" : "false");
        builder.UseSetting("Carriers:Simulator:ClientTimeout", "00:00:01");
        builder.UseSetting("Outbox:PollInterval", "00:00:00.100");
        builder.UseSetting("Outbox:BaseDelay", "00:00:00.200");
        builder.UseSetting("Outbox:MaxAttempts", "5");
        builder.UseSetting("Notifications:Email:PickupDirectory", MailFolder);
        // Every test talks from 127.0.0.1: only the rate limit tests use real limits.
        foreach (var limit in new[] { "Lookup", "Order", "SignIn" })
        {
            builder.UseSetting($"RateLimits:{limit}:PermitLimit", "1000000");
        }

        Configure(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILogEventSink>(new QueueSink(Logs));
            services.AddSingleton<TimeProvider>(TestClock.Instance);
        });
    }

    /// <summary>Extra settings of a specialised portal.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _dbPath, Path.ChangeExtension(_dbPath, ".simulators.db") })
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }

        if (Directory.Exists(MailFolder))
        {
            Directory.Delete(MailFolder, recursive: true);
        }
    }

    private sealed class QueueSink(ConcurrentQueue<LogEvent> queue) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => queue.Enqueue(logEvent);
    }
}

/// <summary>A second instance of a deployment: another portal on the same database file.</summary>
public sealed class SecondInstancePortalFactory(string dbPath) : PortalFactory(dbPath);

/// <summary>The portal as deployed for real money (Production, not a demo, behind a TLS proxy), but asked to seed demo data.</summary>
public sealed class ProductionPortalFactory : PortalFactory
{
    public const string PublicBaseUrl = "https://renew.example.test";

    protected override string Environment => "Production";

    protected override string? TlsProxyHost => new Uri(PublicBaseUrl).Host;

    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Portal:PublicBaseUrl", PublicBaseUrl);
}

/// <summary>
/// Notifications are lost, and the reconciliation worker runs every 200 ms on anything pending. An attempt the gateway
/// has never seen is closed after an hour: however slowly a loaded machine walks a payer to the gateway, the worker
/// never closes the attempt first.
/// </summary>
public class ReconcilingPortalFactory : PortalFactory
{
    protected override bool SendNotifications => false;

    protected virtual string CloseAfter => "01:00:00";

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Reconciliation:Interval", "00:00:00.200");
        builder.UseSetting("Reconciliation:PendingAfter", "00:00:00");
        builder.UseSetting("Reconciliation:CloseAfter", CloseAfter);
    }
}

/// <summary>As <see cref="ReconcilingPortalFactory"/>, but closing an attempt the gateway never saw after a second (no payer comes).</summary>
public sealed class ClosingPortalFactory : ReconcilingPortalFactory
{
    protected override string CloseAfter => "00:00:01";
}

/// <summary>Nothing moves behind a test's back: no notifications, no outbox, no reconciliation (the daily job runs once, at start).</summary>
public sealed class StillPortalFactory : PortalFactory
{
    protected override bool SendNotifications => false;

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Outbox:PollInterval", "01:00:00");
        builder.UseSetting("Reconciliation:Interval", "01:00:00");
    }
}

/// <summary>The portal with a gateway whose notifications are lost.</summary>
public sealed class QuietGatewayPortalFactory : PortalFactory
{
    protected override bool SendNotifications => false;
}

/// <summary>Scan-to-pay codes that expire after a second, to see what a payer sees when one runs out.</summary>
public sealed class ShortQrPortalFactory : PortalFactory
{
    protected override void Configure(IWebHostBuilder builder) =>
        builder.UseSetting("Payments:Sandbox:QrLifetime", "00:00:01");
}

/// <summary>The outbox only moves when a test says so (<see cref="DispatchAsync"/>), so tests can act between queueing and sending.</summary>
public sealed class ManualOutboxPortalFactory : PortalFactory
{
    /// <summary>Runs outbox passes until nothing is due.</summary>
    public async Task DispatchAsync()
    {
        var dispatcher = Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<PosRenewal.Infrastructure.Outbox.OutboxDispatcher>().Single();
        while (await dispatcher.DispatchDueAsync(default) > 0)
        {
        }
    }

    protected override void Configure(IWebHostBuilder builder) =>
        builder.UseSetting("Outbox:PollInterval", "01:00:00");
}
