using System.Net;
using System.Text.RegularExpressions;

namespace PosRenewal.IntegrationTests;

/// <summary>Self-service password reset: the same answer for any address, a link that works once, and no other way in.</summary>
public partial class PasswordResetTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Email = "coffee@posrenewal.test";

    [Fact]
    public async Task Does_answer_alike_for_known_and_unknown_addresses_and_mail_a_link_that_resets_the_password_once()
    {
        using var browser = portal.NewBrowser();
        var form = await browser.GetAsync("/account/forgot");
        var unknown = await TestBrowser.Page.ReadAsync(await browser.SubmitAsync(form, "form.signin", new Dictionary<string, string> { ["Email"] = "nobody@posrenewal.test" }));
        var known = await TestBrowser.Page.ReadAsync(await browser.SubmitAsync(form, "form.signin", new Dictionary<string, string> { ["Email"] = Email }));

        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal(unknown.Status, known.Status);
        Assert.Equal(unknown.TestId("forgot-sent"), known.TestId("forgot-sent"));

        var mail = await WaitForMailAsync();
        Assert.Single(Directory.GetFiles(portal.MailFolder, "password-reset-*.eml"));
        var link = new Uri(LinkPattern().Match(mail).Value);
        Assert.Contains(Email, Uri.UnescapeDataString(link.Query), StringComparison.Ordinal);

        var reset = await browser.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        var mismatch = await browser.SubmitAsync(reset, "form[data-testid='reset-form']", new Dictionary<string, string> { ["Password"] = "New-password-77", ["Confirm"] = "Other-password-77" });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        var weak = await browser.SubmitAsync(reset, "form[data-testid='reset-form']", new Dictionary<string, string> { ["Password"] = "short", ["Confirm"] = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var done = await browser.SubmitAsync(reset, "form[data-testid='reset-form']", new Dictionary<string, string> { ["Password"] = "New-password-77", ["Confirm"] = "New-password-77" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        using var signIn = portal.NewBrowser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccountTests.SignInAsync(signIn, Email, "Demo-merchant-2")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.SignInAsync(signIn, Email, "New-password-77")).StatusCode);

        // The link works once.
        var again = await TestBrowser.Page.ReadAsync(await browser.SubmitAsync(reset, "form[data-testid='reset-form']", new Dictionary<string, string> { ["Password"] = "Third-password-77", ["Confirm"] = "Third-password-77" }));
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Contains("not valid any more", again.TestId("reset-error"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("coffee@posrenewal.test", "bm90LWEtdG9rZW4")]
    [InlineData("coffee@posrenewal.test", "%%%not-base64%%%")]
    [InlineData("nobody@posrenewal.test", "bm90LWEtdG9rZW4")]
    [InlineData("", "")]
    public async Task Does_refuse_a_forged_or_foreign_link_with_one_message(string email, string token)
    {
        using var browser = portal.NewBrowser();
        var reset = await browser.GetAsync($"/account/reset?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}");
        var answer = await TestBrowser.Page.ReadAsync(await browser.SubmitAsync(reset, "form[data-testid='reset-form']",
            new Dictionary<string, string> { ["Password"] = "Forged-password-77", ["Confirm"] = "Forged-password-77" }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("not valid any more", answer.TestId("reset-error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_refuse_a_malformed_address_with_a_message()
    {
        using var browser = portal.NewBrowser();
        var form = await browser.GetAsync("/account/forgot");
        var answer = await browser.SubmitAsync(form, "form.signin", new Dictionary<string, string> { ["Email"] = "not-an-email" });
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("name@example.com", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> WaitForMailAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            var file = Directory.Exists(portal.MailFolder) ? Directory.GetFiles(portal.MailFolder, "password-reset-*.eml").FirstOrDefault() : null;
            if (file is not null)
            {
                // Give the "unknown address" request the same time to (not) write anything.
                await Task.Delay(300);
                return MimeKit.MimeMessage.Load(file).TextBody ?? "";
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No password reset e-mail within 10 s.");
    }

    [GeneratedRegex(@"http://\S+/account/reset\?\S+")]
    private static partial Regex LinkPattern();
}
