using System.Net;
using Microsoft.EntityFrameworkCore;

namespace PosRenewal.IntegrationTests;

/// <summary><c>/admin/users</c>: accounts created with a role and scope, locked, unlocked, re-passworded, all through the real sign-in.</summary>
public class UserAdminTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<(TestBrowser Admin, TestBrowser.Page Page)> AdminAsync()
    {
        var admin = portal.NewBrowser();
        await AccountTests.SignInAsync(admin, "admin@posrenewal.test", "Demo-admin-1");
        return (admin, await admin.GetAsync("/admin/users"));
    }

    private async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        using var browser = portal.NewBrowser();
        return await AccountTests.SignInAsync(browser, email, password);
    }

    private static string? Location(HttpResponseMessage response) => response.Headers.Location?.ToString();

    [Fact]
    public async Task Does_create_a_merchant_user_with_a_one_time_password_and_refuse_incomplete_ones()
    {
        var (admin, page) = await AdminAsync();
        using var _ = admin;
        var coffee = await portal.WithDbAsync(db => db.Merchants.Where(m => m.Name == "Harbour Coffee").Select(m => m.Id).SingleAsync());
        var users = await portal.WithDbAsync(db => db.Users.CountAsync());
        foreach (var (fields, status) in new[]
                 {
                     (new Dictionary<string, string> { ["Email"] = "not an address", ["Role"] = "Merchant", ["MerchantId"] = $"{coffee}" }, HttpStatusCode.BadRequest),
                     (new Dictionary<string, string> { ["Email"] = "new@example.com", ["Role"] = "Owner" }, HttpStatusCode.BadRequest),
                     (new Dictionary<string, string> { ["Email"] = "new@example.com", ["Role"] = "Merchant" }, HttpStatusCode.Conflict),
                     (new Dictionary<string, string> { ["Email"] = "new@example.com", ["Role"] = "Agent", ["AgentId"] = "999999" }, HttpStatusCode.Conflict),
                     (new Dictionary<string, string> { ["Email"] = "merchant@posrenewal.test", ["Role"] = "Support" }, HttpStatusCode.Conflict),
                 })
        {
            var refused = await admin.SubmitAsync(page, "form[data-testid='user-form']", fields);
            Assert.Equal(status, refused.StatusCode);
            Assert.Contains("notice bad error", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(users, await portal.WithDbAsync(db => db.Users.CountAsync()));
        var created = await admin.SubmitAsync(page, "form[data-testid='user-form']",
            new Dictionary<string, string> { ["Email"] = "till@example.com", ["Role"] = "Merchant", ["MerchantId"] = $"{coffee}" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl!.NoStore);
        var password = (await TestBrowser.Page.ReadAsync(created)).TestId("password")!;
        Assert.Equal(16, password.Length);

        var signIn = await SignInAsync("till@example.com", password);
        Assert.Equal("/merchant", Location(signIn));
        Assert.DoesNotContain(password, (await admin.GetAsync("/admin/users")).Text);
    }

    [Fact]
    public async Task Does_lock_unlock_reset_and_change_the_role_of_a_user_and_never_lock_oneself_out()
    {
        var (admin, page) = await AdminAsync();
        using var _ = admin;
        var agentId = await portal.WithDbAsync(db => db.Agents.Select(a => a.Id).FirstAsync());
        var created = await TestBrowser.Page.ReadAsync(await admin.SubmitAsync(page, "form[data-testid='user-form']",
            new Dictionary<string, string> { ["Email"] = "staff@example.com", ["Role"] = "Support" }));
        var password = created.TestId("password")!;
        page = await admin.GetAsync("/admin/users");
        string Row(string email) => $"tr[data-user='{email}']";

        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, $"{Row("staff@example.com")} form.lock-form")).StatusCode);
        Assert.NotEqual("/support", Location(await SignInAsync("staff@example.com", password)));
        page = await admin.GetAsync("/admin/users");
        Assert.Equal("true", page.Document.QuerySelector(Row("staff@example.com"))!.GetAttribute("data-locked"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, $"{Row("staff@example.com")} form.lock-form")).StatusCode);
        Assert.Equal("/support", Location(await SignInAsync("staff@example.com", password)));

        page = await admin.GetAsync("/admin/users");
        var reset = await TestBrowser.Page.ReadAsync(await admin.SubmitAsync(page, $"{Row("staff@example.com")} form.reset-form"));
        var newPassword = reset.TestId("password")!;
        Assert.NotEqual(password, newPassword);
        Assert.NotEqual("/support", Location(await SignInAsync("staff@example.com", password)));
        Assert.Equal("/support", Location(await SignInAsync("staff@example.com", newPassword)));

        page = await admin.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, $"{Row("staff@example.com")} form.role-form",
            new Dictionary<string, string> { ["Role"] = "Agent", ["AgentId"] = $"{agentId}" })).StatusCode);
        Assert.Equal("/agent", Location(await SignInAsync("staff@example.com", newPassword)));

        Assert.Equal(HttpStatusCode.Conflict, (await admin.SubmitAsync(page, $"{Row("admin@posrenewal.test")} form.lock-form")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.SubmitAsync(page, $"{Row("admin@posrenewal.test")} form.role-form",
            new Dictionary<string, string> { ["Role"] = "Support" })).StatusCode);
        Assert.Equal(5, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Subject == "user staff@example.com")));
    }

    [Fact]
    public void Does_make_passwords_that_always_meet_the_password_rules()
    {
        // One in eleven random 16-character strings from this alphabet has no digit: drawing many shows none slips through.
        for (var i = 0; i < 2000; i++)
        {
            var password = Infrastructure.Identity.UserAdminService.NewPassword();
            Assert.True(password.Length == 16 && password.Any(char.IsAsciiDigit) && password.Any(char.IsAsciiLetterUpper) && password.Any(char.IsAsciiLetterLower), password);
        }
    }
}
