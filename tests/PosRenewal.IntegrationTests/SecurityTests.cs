using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Infrastructure.Data;
using PosRenewal.Web.Security;

namespace PosRenewal.IntegrationTests;

/// <summary>Low limits, so a test can reach them: 3 lookups, 2 renewal steps and 2 sign-ins a minute per address.</summary>
public sealed class RateLimitedPortalFactory : PortalFactory
{
    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("RateLimits:Lookup:PermitLimit", "3");
        builder.UseSetting("RateLimits:Order:PermitLimit", "2");
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "2");
    }
}

/// <summary>Rate limits (429 with when to retry, notifications never limited), security headers, cookies, and the shared key ring.</summary>
public class RateLimitTests(RateLimitedPortalFactory portal) : IClassFixture<RateLimitedPortalFactory>
{
    [Fact]
    public async Task Does_answer_429_with_when_to_retry_after_the_lookup_limit_and_never_limit_gateway_notifications()
    {
        using var browser = portal.NewBrowser();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/")).StatusCode);
        }

        var limited = await browser.GetAsync($"/cards/{DemoData.DemoIccid(0, 0)}");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        var wait = int.Parse(limited.Response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(wait, 1, 60);
        Assert.Contains($"try again in {wait} seconds", limited.TestId("retry-after"), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", limited.Text, StringComparison.Ordinal);

        // Notifications from the gateway are never turned away, however many arrive: each is judged on its signature.
        for (var i = 0; i < 10; i++)
        {
            var forged = await browser.Http.SendAsync(PortalFactory.SandboxNotification(PortalFactory.PaidBody("R000000AAAAAAAAP01", "1.00"), signatureOverride: "forged"));
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        // Pages with no limit still answer.
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Does_limit_sign_in_attempts_per_address()
    {
        using var browser = portal.NewBrowser();
        var page = await browser.GetAsync("/account/login");
        var answers = new List<HttpStatusCode> { page.Status };
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await browser.SubmitAsync(page, "form.signin", new Dictionary<string, string> { ["Email"] = "nobody@example.com", ["Password"] = "wrong-password" })).StatusCode);
        }

        // Two attempts a minute here: the page load is not one of them.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
    }
}

public class SecurityHeaderTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Does_send_the_security_headers_on_every_kind_of_response()
    {
        using var browser = portal.NewBrowser();
        var responses = new List<(string What, HttpResponseMessage Response)>();
        foreach (var url in new[] { "/", $"/cards/{DemoData.DemoIccid(0, 0)}", "/cards/123", "/account/login", "/css/site.css", "/healthz", "/no-such-page", "/admin/orders" })
        {
            responses.Add((url, await browser.Http.GetAsync(url)));
        }

        responses.Add(("notification", await browser.Http.SendAsync(PortalFactory.SandboxNotification("{}", signatureOverride: "forged"))));
        foreach (var (what, response) in responses)
        {
            Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what}: no CSP");
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp!.Single());
            Assert.Contains("frame-ancestors 'none'", csp!.Single(), StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp!.Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task Does_serve_no_inline_script_or_style_that_the_policy_would_block()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(ReadmeDemoCardsTests.RepoRoot(), "src", "PosRenewal.Web", "Pages"), "*.cshtml", SearchOption.AllDirectories);
        foreach (var file in pages)
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", text);
            Assert.DoesNotMatch(@"\son[a-z]+\s*=\s*""", text);
            Assert.DoesNotMatch(@"\sstyle\s*=\s*""", text);
        }

        using var browser = portal.NewBrowser();
        var qr = await browser.GetAsync($"/cards/{DemoData.DemoIccid(0, 0)}");
        Assert.DoesNotContain("<script>", qr.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_create_the_first_data_protection_key_at_start_before_any_request()
    {
        using var fresh = new PortalFactory();
        Assert.NotNull(fresh.Services);

        Assert.Equal(1, await fresh.WithDbAsync(db => db.DataProtectionKeys.CountAsync()));
    }

    [Fact]
    public async Task Does_keep_the_key_ring_in_the_database_so_a_second_instance_accepts_a_sign_in_cookie()
    {
        using var first = portal.NewBrowser();
        var signIn = await AccountTests.SignInAsync(first, "merchant@posrenewal.test", "Demo-merchant-1");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("posrenewal.auth=", StringComparison.Ordinal)).Split(';')[0];
        Assert.True(await portal.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));

        using var second = new SecondInstancePortalFactory(portal.DbPath);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = second.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/merchant");
        request.Headers.Add("Cookie", cookie);
        var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("merchant@posrenewal.test", await answer.Content.ReadAsStringAsync());
    }
}

public class ProductionCookieTests(ProductionPortalFactory portal) : IClassFixture<ProductionPortalFactory>
{
    [Fact]
    public async Task Does_mark_every_cookie_secure_httponly_and_samesite_outside_development()
    {
        using var browser = portal.NewBrowser();
        var login = await browser.Http.GetAsync("/account/login");
        var language = await browser.Http.GetAsync("/language?culture=en-US&returnUrl=/");
        var cookies = login.Headers.GetValues("Set-Cookie").Concat(language.Headers.GetValues("Set-Cookie")).ToList();

        Assert.NotEmpty(cookies);
        Assert.All(cookies, c =>
        {
            Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; samesite=", c, StringComparison.OrdinalIgnoreCase);
        });
    }
}
