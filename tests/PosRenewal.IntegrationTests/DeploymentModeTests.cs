using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PosRenewal.IntegrationTests;

/// <summary>A portal started with the given environment and settings ("key=value").</summary>
public sealed class ConfiguredPortalFactory(string environment, params string[] settings) : PortalFactory
{
    protected override string Environment => environment;

    protected override void Configure(IWebHostBuilder builder)
    {
        foreach (var setting in settings)
        {
            var pair = setting.Split('=', 2);
            builder.UseSetting(pair[0], pair[1]);
        }
    }
}

/// <summary>Demo mode is one explicit setting; play money never runs beside real money, nor in a real deployment.</summary>
public class DeploymentModeTests
{
    private const string Sandbox = "Payments:Gateways:0=Sandbox";
    private const string SandboxSecret = "Payments:Sandbox:Secret=a-long-demo-secret-for-this-test";
    private const string Simulator = "Carriers:Simulator:Enabled=true";
    private const string SimulatorKey = "Carriers:Simulator:ApiKey=a-demo-carrier-key-for-this-test";
    private const string Demo = "Portal:DemoMode=true";
    private const string Https = "Portal:PublicBaseUrl=https://renew.example.test";

    [Theory]
    [InlineData("Production", "runs only in demo mode", Https, Sandbox, SandboxSecret)]
    [InlineData("Development", "runs only in demo mode", "Portal:DemoMode=false", Sandbox, SandboxSecret)]
    [InlineData("Production", "Carriers:Simulator:Enabled is on", Https, Simulator, SimulatorKey)]
    [InlineData("Production", "lists the real gateway 'Alipay'", Demo, Sandbox, "Payments:Gateways:1=Alipay", SandboxSecret)]
    [InlineData("Production", "lists the real gateway 'WeChatPay'", Demo, "Payments:Gateways:0=WeChatPay")]
    [InlineData("Production", "must be reached over https://", "Portal:PublicBaseUrl=http://renew.example.test")]
    [InlineData("Production", "Set Portal:PublicBaseUrl", "Portal:PublicBaseUrl=")]
    [InlineData("Production", "must be an absolute http:// or https:// address", "Portal:PublicBaseUrl=renew.example.test")]
    [InlineData("Production", "must not be used outside Development", Demo, Sandbox, "Payments:Sandbox:Secret=" + PortalFactory.SandboxSecret)]
    [InlineData("Production", "must not be used outside Development", Demo, Simulator, "Carriers:Simulator:ApiKey=dev-only-carrier-simulator-key")]
    public void Does_refuse_to_start_with_a_message_naming_the_setting(string environment, string message, params string[] settings)
    {
        using var portal = new ConfiguredPortalFactory(environment, settings);
        var failure = Record.Exception(() => portal.BaseAddress);

        Assert.NotNull(failure);
        Assert.Contains(message, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_run_a_production_demo_over_plain_http_saying_so_on_every_page_in_both_languages()
    {
        using var portal = new ConfiguredPortalFactory("Production", Demo, Sandbox, SandboxSecret, Simulator, SimulatorKey);
        foreach (var (language, words) in new[] { ("zh-CN", "不会产生任何真实扣款"), ("en-US", "no money moves") })
        {
            using var browser = portal.NewBrowser(language);
            foreach (var path in new[] { "/", "/account/login", $"/cards/{Infrastructure.Data.DemoData.DemoIccid(0, 0)}" })
            {
                var page = await browser.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, page.Status);
                Assert.Contains(words, page.TestId("demo-banner"));
                Assert.False(page.Response.Headers.Contains("Strict-Transport-Security"), path);
            }
        }
    }
}

/// <summary>A real deployment: Production, no demo mode, behind a TLS proxy.</summary>
public class RealDeploymentTests(ProductionPortalFactory portal) : IClassFixture<ProductionPortalFactory>
{
    [Theory]
    [InlineData("GET", "/sandbox/pay?trade_no=X")]
    [InlineData("POST", "/sandbox/pay?trade_no=X")]
    [InlineData("GET", "/sandbox/api/trades/X")]
    [InlineData("POST", "/sandbox/api/refunds")]
    [InlineData("GET", "/carrier-sim/faults/ChinaMobile")]
    [InlineData("PUT", "/carrier-sim/faults/ChinaMobile")]
    [InlineData("POST", "/carrier-sim/ChinaMobile/renewals")]
    [InlineData("POST", "/payments/notify/sandbox")]
    public async Task Does_not_serve_the_demo_stand_ins(string method, string path)
    {
        using var browser = portal.NewBrowser();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") };
        request.Headers.Add("X-Carrier-Key", "dev-only-carrier-simulator-key");
        var response = await browser.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Does_say_nothing_of_a_demo_and_send_hsts_over_https()
    {
        using var browser = portal.NewBrowser();
        var page = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.TestId("demo-banner"));
        Assert.True(page.Response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public void Does_read_its_settings_files_once_and_keep_no_watch_on_its_content_root()
    {
        // A settings file that reloads on change watches the whole content root, App_Data and its database included.
        var providers = ((IConfigurationRoot)portal.Services.GetRequiredService<IConfiguration>()).Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.Contains(providers, p => p.Source.Path == "appsettings.json");
        Assert.All(providers, p => Assert.False(p.Source.ReloadOnChange, $"{p.Source.Path} reloads on change"));
    }

    [Fact]
    public async Task Does_keep_the_simulators_out_of_the_portal_database()
    {
        var tables = await portal.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync());

        Assert.Contains("Orders", tables);
        Assert.DoesNotContain(tables, t => t.Contains("Sandbox", StringComparison.OrdinalIgnoreCase) || t.Contains("SimCarrier", StringComparison.OrdinalIgnoreCase));
    }
}
