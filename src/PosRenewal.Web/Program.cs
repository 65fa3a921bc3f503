using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using PosRenewal.Core.Accounts;
using PosRenewal.Infrastructure;
using PosRenewal.Infrastructure.Data;
using PosRenewal.Infrastructure.Payments.Sandbox;
using PosRenewal.Web.Endpoints;
using PosRenewal.Web.Logging;
using PosRenewal.Web.Security;
using Serilog;

// Settings are read once, at start (a change takes a restart, as a deployment does anyway). Reloading appsettings on
// change would watch the whole content root, App_Data with the SQLite database included: every write to the database
// or its log woke the watcher (a quarter of a second of CPU in a 100,000-line import). Given first, so the command line can
// still turn it on.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);

// preserveStaticLogger: each host keeps its own logger (several run side by side in the tests).
builder.Services.AddSerilog(
    (services, logger) => logger
        .ReadFrom.Configuration(builder.Configuration)
        .ReadFrom.Services(services)
        .Enrich.FromLogContext()
        .Enrich.With<IccidMaskingEnricher>(),
    preserveStaticLogger: true);

builder.Services.AddPosRenewal(builder.Configuration, builder.Environment);
builder.Services.AddValidatorsFromAssemblyContaining<Program>(filter: v => v.ValidatorType != typeof(PosRenewal.Web.Pages.LookupInputValidator));
// The lookup's validator serves the busiest pages, holds no state and is costly to build (its rules are expression trees): one for the process.
builder.Services.AddSingleton<FluentValidation.IValidator<PosRenewal.Web.Pages.LookupInput>, PosRenewal.Web.Pages.LookupInputValidator>();
builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
builder.Services.AddSingleton<PosRenewal.Web.Pages.Display>();
builder.Services.AddSingleton<PosRenewal.Web.Assets>();
builder.Services.AddMemoryCache();
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(Roles.Merchant, policy => policy.RequireRole(Roles.Merchant).RequireClaim(Roles.MerchantIdClaim))
    .AddPolicy(Roles.Agent, policy => policy.RequireRole(Roles.Agent).RequireClaim(Roles.AgentIdClaim))
    .AddPolicy(Roles.Support, policy => policy.RequireRole(Roles.Support))
    .AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin))
    .AddPolicy(PosRenewal.Web.Pages.Batches.ShowModel.Policy, policy => policy.RequireAssertion(context =>
        context.User.IsInRole(Roles.Admin) || (context.User.IsInRole(Roles.Agent) && context.User.HasClaim(c => c.Type == Roles.AgentIdClaim))))
    .AddPolicy(PosRenewal.Web.Pages.Stickers.StickerScope.Policy, policy => policy.RequireAssertion(context =>
        context.User.IsInRole(Roles.Support) || (context.User.IsInRole(Roles.Agent) && context.User.HasClaim(c => c.Type == Roles.AgentIdClaim))));
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/Merchant", Roles.Merchant);
    options.Conventions.AuthorizeFolder("/Agent", Roles.Agent);
    options.Conventions.AuthorizeFolder("/Support", Roles.Support);
    options.Conventions.AuthorizeFolder("/Admin", Roles.Admin);
    PosRenewal.Web.Security.RateLimits.ApplyTo(options.Conventions);
    options.Conventions.AuthorizeFolder("/Batches", PosRenewal.Web.Pages.Batches.ShowModel.Policy);
    options.Conventions.AuthorizeFolder("/Stickers", PosRenewal.Web.Pages.Stickers.StickerScope.Policy);
    // The Sandbox's hosted payment page exists only where the Sandbox is a gateway (in demo mode).
    if (!SandboxGateway.IsEnabled(builder.Configuration))
    {
        options.Conventions.AddPageRouteModelConvention("/Sandbox/Pay", model => model.Selectors.Clear());
    }
});
// Write Chinese text and ¥ as characters, not numeric entities (the default encoder escapes all non-ASCII).
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
    options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
// The key ring that protects sign-in and antiforgery cookies lives in the database, so every instance on it
// accepts the cookies any of them issued, and keys survive restarts and redeployments. Never in the repository.
builder.Services.AddDataProtection().SetApplicationName("PosRenewal").PersistKeysToDbContext<PosRenewalDbContext>();

// The HTTPS rule: the scheme of Portal:PublicBaseUrl decides Secure cookies, HSTS and redirection to HTTPS.
var portal = PortalOptions.From(builder.Configuration);
builder.Services.AddAntiforgery(options =>
{
    options.Cookie.Name = "posrenewal.af";
    options.Cookie.SecurePolicy = portal.CookieSecurePolicy;
});
if (portal.UsesHttps)
{
    builder.Services.AddHttpsRedirection(options => options.HttpsPort = portal.PublicUri!.Port);
}

builder.Services.AddPortalRateLimits(builder.Configuration);
builder.Services.AddOutputCache(PosRenewal.Web.Pages.Cards.CardPageCache.Configure);
builder.Services.AddSingleton<PosRenewal.Web.Pages.Cards.CardPageCache.SecondVisit>();
builder.Services.AddSingleton<PosRenewal.Infrastructure.Data.ICardPageCache, PosRenewal.Web.Pages.Cards.CardPageCache>();
// Behind a TLS-terminating proxy: trust its X-Forwarded-For/-Proto (the client address the limits count, and HTTPS)
// only from the proxies listed in ForwardedHeaders:KnownProxies (loopback is always trusted).
builder.Services.Configure<ForwardedHeadersOptions>(options =>
{
    options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
    foreach (var proxy in builder.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
    {
        options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
    }
});

var app = builder.Build();

await DatabaseInitializer.InitializeAsync(app.Services);

app.UseForwardedHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
}

if (portal.UsesHttps)
{
    app.UseHsts();
    app.UseHttpsRedirection();
}

app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
// The middleware would log through the static Log.Logger, which this host leaves silent; hand it ours.
app.UseSerilogRequestLogging(options => MaskedRequestLogging.Configure(options, app.Services.GetRequiredService<Serilog.ILogger>()));
app.UseStaticFiles();
app.UseRequestLocalization(PosRenewal.Web.Localization.Cultures.Options());
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseOutputCache();
app.UseAntiforgery();

app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapPaymentNotifications();
PosRenewal.Web.Receipts.ReceiptPdfEndpoints.MapReceiptPdf(app);
app.MapSandboxGateway();
app.MapCarrierSimulator();
app.MapLanguageSwitch();
app.MapCardPage();
app.MapRazorPages();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var url = app.Services.GetRequiredService<PublicUrl>().BaseUrl;
    app.Logger.LogInformation("PosRenewal is ready: open {Url}", url);
});

await app.RunAsync();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
