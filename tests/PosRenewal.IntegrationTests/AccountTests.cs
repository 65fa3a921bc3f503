using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Accounts;
using PosRenewal.Infrastructure.Data;
using PosRenewal.Infrastructure.Identity;

namespace PosRenewal.IntegrationTests;

public class AccountTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Merchant = "merchant@posrenewal.test";
    private const string MerchantPassword = "Demo-merchant-1";
    private const string Coffee = "coffee@posrenewal.test";
    private const string CoffeePassword = "Demo-merchant-2";

    public static async Task<HttpResponseMessage> SignInAsync(TestBrowser browser, string email, string password, string? returnUrl = null)
    {
        var page = await browser.GetAsync("/account/login" + (returnUrl is null ? "" : $"?returnUrl={Uri.EscapeDataString(returnUrl)}"));
        return await browser.SubmitAsync(page, "form.signin", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
    }

    [Fact]
    public async Task Does_sign_in_a_merchant_and_list_only_their_cards_most_urgent_first()
    {
        using var browser = portal.NewBrowser();
        var signIn = await SignInAsync(browser, Merchant, MerchantPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/merchant", signIn.Headers.Location!.ToString());

        var page = await browser.GetAsync("/merchant");
        var cards = page.Document.QuerySelectorAll("[data-testid=cards] .package").Select(li => li.TextContent).ToList();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(5, cards.Count);
        Assert.All(cards, c => Assert.Contains("China Mobile", c));
        Assert.Equal(["Suspended for arrears", "Expired", "Expiring soon", "Active", "Deactivated"],
            page.Document.QuerySelectorAll("[data-testid=cards] .badge").Select(b => b.TextContent.Trim()).ToArray());
        Assert.Equal(Merchant, page.TestId("account"));
    }

    [Fact]
    public async Task Does_show_a_merchant_their_orders_but_answer_404_for_another_merchants_order()
    {
        using var coffee = portal.NewBrowser();
        var (coffeeOrder, _, _) = await Flow.ConfirmAsync(coffee, DemoData.UnicomLetterIccid, "CU-1M");
        await SignInAsync(coffee, Coffee, CoffeePassword);
        using var merchant = portal.NewBrowser();
        await SignInAsync(merchant, Merchant, MerchantPassword);

        var own = await coffee.GetAsync($"/merchant/orders/{coffeeOrder}");
        var list = await coffee.GetAsync("/merchant/orders");
        var guessed = await merchant.GetAsync($"/merchant/orders/{coffeeOrder}");
        var guessedList = await merchant.GetAsync("/merchant/orders");

        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Contains(coffeeOrder, list.Text);
        Assert.Equal(HttpStatusCode.NotFound, guessed.Status);
        Assert.DoesNotContain(coffeeOrder, guessedList.Text);
    }

    [Theory]
    [InlineData("/merchant")]
    [InlineData("/merchant/orders")]
    [InlineData("/merchant/orders/R261123ABCDEFGH")]
    public async Task Does_send_an_anonymous_visitor_to_sign_in(string url)
    {
        using var browser = portal.NewBrowser();
        var response = await browser.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_refuse_a_wrong_password_with_the_same_message_as_an_unknown_email()
    {
        using var browser = portal.NewBrowser();
        var wrong = await TestBrowser.Page.ReadAsync(await SignInAsync(browser, Coffee, "not-the-password"));
        var unknown = await TestBrowser.Page.ReadAsync(await SignInAsync(browser, "nobody@posrenewal.test", "whatever-it-is"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal(wrong.TestId("signin-error"), unknown.TestId("signin-error"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/merchant")).StatusCode);
    }

    [Fact]
    public async Task Does_lock_an_account_after_five_failed_attempts()
    {
        var (email, password) = await CreateMerchantUserAsync();
        using var browser = portal.NewBrowser();
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(browser, email, "wrong-password-" + i);
        }

        var right = await TestBrowser.Page.ReadAsync(await SignInAsync(browser, email, password));

        Assert.Equal(HttpStatusCode.Locked, right.Status);
        Assert.Contains("locked", right.TestId("signin-error"));
    }

    [Theory]
    [InlineData("", "secret-password", "Enter your email address.")]
    [InlineData("not-an-email", "secret-password", "Enter an email address like")]
    [InlineData(Merchant, "", "Enter your password.")]
    public async Task Does_answer_400_with_a_message_when_the_sign_in_form_is_incomplete(string email, string password, string message)
    {
        using var browser = portal.NewBrowser();
        var page = await TestBrowser.Page.ReadAsync(await SignInAsync(browser, email, password));
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains(message, page.Text);
    }

    [Fact]
    public async Task Does_only_redirect_to_local_addresses_after_sign_in()
    {
        using var browser = portal.NewBrowser();
        var evil = await SignInAsync(browser, Merchant, MerchantPassword, "https://evil.example/phish");
        Assert.Equal("/merchant", evil.Headers.Location!.ToString());
        var local = await SignInAsync(browser, Merchant, MerchantPassword, "/merchant/orders");
        Assert.Equal("/merchant/orders", local.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Does_sign_out_on_a_post_with_the_antiforgery_token_only()
    {
        using var browser = portal.NewBrowser();
        await SignInAsync(browser, Merchant, MerchantPassword);
        var forged = await browser.Http.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/merchant")).StatusCode);

        var home = await browser.GetAsync("/merchant");
        var signOut = await browser.SubmitAsync(home, "form[action='/account/logout']");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/merchant")).StatusCode);
    }

    [Fact]
    public async Task Does_seed_every_role_in_the_database()
    {
        var roles = await portal.WithDbAsync(db => Task.FromResult(db.Roles.Select(r => r.Name).ToList()));
        Assert.Equal(Roles.All.Order(), roles.Order());
    }

    private async Task<(string Email, string Password)> CreateMerchantUserAsync()
    {
        var email = $"m{Guid.NewGuid():N}@posrenewal.test";
        const string password = "Test-password-1";
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, MerchantId = 1 };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Merchant)).Succeeded);
        return (email, password);
    }
}

public class ProductionAccountTests(ProductionPortalFactory portal) : IClassFixture<ProductionPortalFactory>
{
    [Fact]
    public async Task Does_create_no_demo_credentials_outside_development_even_when_asked_to_seed()
    {
        var users = await portal.WithDbAsync(db => db.Users.CountAsync());
        var roles = await portal.WithDbAsync(db => db.Roles.CountAsync());
        using var browser = portal.NewBrowser();
        var signIn = await TestBrowser.Page.ReadAsync(await AccountTests.SignInAsync(browser, "merchant@posrenewal.test", "Demo-merchant-1"));

        Assert.Equal(0, users);
        Assert.Equal(Roles.All.Count, roles);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.Status);
    }
}
