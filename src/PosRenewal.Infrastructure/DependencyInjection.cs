using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Carriers;
using PosRenewal.Core.Common;
using PosRenewal.Core.Merchants;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure.Carriers.Simulated;
using PosRenewal.Infrastructure.Data;
using PosRenewal.Infrastructure.Identity;
using PosRenewal.Infrastructure.Outbox;
using PosRenewal.Infrastructure.Payments.Sandbox;

namespace PosRenewal.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddPosRenewal(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)
            ?? (database.Provider == DatabaseProviders.Sqlite
                ? $"Data Source={Path.Combine(environment.ContentRootPath, "App_Data", "posrenewal.db")}"
                : throw new InvalidOperationException("Set ConnectionStrings:PosRenewal for SQL Server."));
        // Pooled: the context keeps no per-request state, and the card page's many short reads skip building one each time.
        services.TryAddSingleton<ICardPageCache, NoCardPageCache>();
        services.AddSingleton<CardPageEviction>();
        services.AddDbContextPool<PosRenewalDbContext>((sp, options) =>
            UseProvider(options, database.Provider, connectionString).AddInterceptors(sp.GetRequiredService<CardPageEviction>()));
        services.AddScoped<IPosRenewalDb>(sp => sp.GetRequiredService<PosRenewalDbContext>());
        services.AddHealthChecks().AddDbContextCheck<PosRenewalDbContext>("database", tags: ["ready"]);

        var portal = PortalOptions.From(configuration);
        var gateways = configuration.GetSection("Payments:Gateways").Get<string[]>() ?? [];
        var simulator = configuration.GetSection(CarrierSimulatorOptions.Section).Get<CarrierSimulatorOptions>() ?? new CarrierSimulatorOptions();
        portal.Validate(environment, gateways, simulator.Enabled, SandboxGateway.GatewayName);
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.Section));
        if (SandboxGateway.IsEnabled(configuration) || simulator.Enabled)
        {
            // Only the demo's stand-ins use it; Validate has made sure this is a demo. Pooled like the portal's: every
            // payment opens the Sandbox's books twice, and a new context's first use builds its services afresh.
            services.AddDbContextPool<Simulators.SimulatorDbContext>(options => options.UseSqlite(Simulators.SimulatorDbContext.ConnectionString(
                configuration, connectionString, database.Provider == DatabaseProviders.Sqlite, environment)).AddInterceptors(Data.SqliteConnectionPragmas.Instance));
        }

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PublicUrl>();
        services.AddSingleton<Core.Renewals.Catalogue>();
        services.AddSingleton<Core.Renewals.CardLookup>();
        services.AddScoped<IRenewalService, RenewalService>();
        services.AddScoped<IPaymentService, PaymentService>();
        services.AddScoped<RefundService>();
        services.AddScoped<Core.Renewals.OrderSearch>();
        services.AddScoped<PaymentGateways>();
        services.AddScoped<IMerchantService, MerchantService>();
        services.AddScoped<IAgentService, AgentService>();
        services.AddScoped<IAgentAdminService, AgentAdminService>();
        services.AddScoped<Core.Support.ISupportService, Core.Support.SupportService>();
        services.AddScoped<Core.Stickers.IStickerService, Core.Stickers.StickerService>();
        services.AddScoped<Core.Promotions.IPromotionAdminService, Core.Promotions.PromotionAdminService>();
        services.AddScoped<Core.Packages.IPackageAdminService, Core.Packages.PackageAdminService>();
        services.AddScoped<Core.Imports.CardImporter>();
        services.AddScoped<Core.Batches.BatchService>();
        services.AddScoped<Identity.UserAdminService>();
        services.AddScoped<Core.Imports.IImportService, Core.Imports.ImportService>();
        services.AddHostedService<Imports.CardImportWorker>();
        AddAccounts(services, portal);
        AddGateways(services, configuration, environment, gateways);
        AddCarriers(services, configuration, environment, simulator);
        return services;
    }

    /// <summary>Shared by the app and the design-time factories, so migrations see the same model.</summary>
    public static DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder options, string provider, string connectionString) =>
        provider switch
        {
            DatabaseProviders.Sqlite => options.UseSqlite(connectionString, o => o.MigrationsAssembly(DatabaseProviders.SqliteMigrationsAssembly))
                .AddInterceptors(Data.SqliteConnectionPragmas.Instance),
            DatabaseProviders.SqlServer => options.UseSqlServer(connectionString, o => o.MigrationsAssembly(DatabaseProviders.SqlServerMigrationsAssembly)),
            _ => throw new InvalidOperationException($"Database:Provider must be Sqlite or SqlServer, not '{provider}'."),
        };

    private static void AddAccounts(IServiceCollection services, PortalOptions portal)
    {
        services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<PosRenewalDbContext>()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddDefaultTokenProviders();
        // Password reset links work for 2 hours, once (the reset renews the security stamp the token is tied to).
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = PasswordResetService.LinkLifetime);
        services.AddScoped<PasswordResetService>();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/denied";
            options.Cookie.Name = "posrenewal.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            options.Cookie.SecurePolicy = portal.CookieSecurePolicy;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
        });
    }

    private static void AddCarriers(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, CarrierSimulatorOptions simulator)
    {
        services.AddScoped<CarrierPlatforms>();
        services.AddScoped<IActivationService, ActivationService>();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));
        services.AddHostedService<OutboxDispatcher>();
        services.AddOptions<ReconciliationOptions>().Bind(configuration.GetSection(ReconciliationOptions.Section));
        services.AddHostedService<ReconciliationWorker>();
        services.AddScoped<Core.Lifecycle.CardLifecycle>();
        services.AddOptions<Core.Lifecycle.LifecycleOptions>().Bind(configuration.GetSection(Core.Lifecycle.LifecycleOptions.Section));
        services.AddHostedService<Lifecycle.LifecycleWorker>();
        AddReminders(services, configuration, environment);
        if (!simulator.Enabled)
        {
            return;
        }

        if (!environment.IsDevelopment() && simulator.ApiKey.Contains("dev-only", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The development carrier simulator key must not be used outside Development.");
        }

        services.AddOptions<CarrierSimulatorOptions>().Bind(configuration.GetSection(CarrierSimulatorOptions.Section));
        services.AddSingleton<CarrierFaultSwitch>();
        services.AddScoped<CarrierSimulator>();
        services.AddHttpClient(nameof(SimulatedCarrierPlatform), c => c.Timeout = simulator.ClientTimeout);
        foreach (var carrier in Enum.GetValues<Carrier>())
        {
            services.AddTransient<ICarrierPlatform>(sp => new SimulatedCarrierPlatform(
                carrier,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SimulatedCarrierPlatform)),
                simulator.BaseUrl ?? sp.GetRequiredService<PublicUrl>().BaseUrl,
                simulator.ApiKey));
        }
    }

    /// <summary>The reminder job and sender, and the channels configured: e-mail (SMTP or a pickup folder) and the development SMS log.</summary>
    private static void AddReminders(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<Core.Reminders.ReminderOptions>().Bind(configuration.GetSection(Core.Reminders.ReminderOptions.Section));
        services.AddScoped<Core.Reminders.ReminderJob>();
        services.AddScoped<Core.Reminders.NotificationSender>();
        services.AddScoped<Core.Reminders.IReminderService, Core.Reminders.ReminderService>();
        var email = configuration.GetSection(Notifications.EmailOptions.Section).Get<Notifications.EmailOptions>() ?? new Notifications.EmailOptions();
        if (email.IsConfigured)
        {
            services.AddSingleton(new Notifications.EmailChannel(email, environment.ContentRootPath));
            services.AddSingleton<Core.Reminders.INotificationChannel>(sp => sp.GetRequiredService<Notifications.EmailChannel>());
        }

        if (string.Equals(configuration["Notifications:Sms:Sender"], Notifications.LogSmsChannel.SenderName, StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<Core.Reminders.INotificationChannel, Notifications.LogSmsChannel>();
        }
    }

    /// <summary>The gateways <c>Payments:Gateways</c> lists, in its order (the order payers see them in).</summary>
    private static void AddGateways(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, string[] enabled)
    {
        foreach (var name in enabled)
        {
            switch (name.ToUpperInvariant())
            {
                case "SANDBOX":
                    AddSandbox(services, configuration, environment);
                    break;
                case "ALIPAY":
                    // Keys are read and checked now: a portal that could not sign or verify never starts.
                    var alipay = configuration.GetSection(Payments.Alipay.AlipayOptions.Section).Get<Payments.Alipay.AlipayOptions>() ?? new();
                    services.AddSingleton(Payments.Alipay.AlipayKeys.Load(alipay, TimeProvider.System.GetUtcNow()));
                    services.AddOptions<Payments.Alipay.AlipayOptions>().Bind(configuration.GetSection(Payments.Alipay.AlipayOptions.Section));
                    Payments.GatewayHttp.AddClients(services, Payments.Alipay.AlipayGateway.GatewayName);
                    services.AddTransient<IPaymentGateway, Payments.Alipay.AlipayGateway>();
                    break;
                case "WECHATPAY":
                    var wechat = configuration.GetSection(Payments.WeChatPay.WeChatPayOptions.Section).Get<Payments.WeChatPay.WeChatPayOptions>() ?? new();
                    services.AddSingleton(Payments.WeChatPay.WeChatPayKeys.Load(wechat, TimeProvider.System.GetUtcNow()));
                    services.AddOptions<Payments.WeChatPay.WeChatPayOptions>().Bind(configuration.GetSection(Payments.WeChatPay.WeChatPayOptions.Section));
                    Payments.GatewayHttp.AddClients(services, Payments.WeChatPay.WeChatPayGateway.GatewayName);
                    services.AddTransient<IPaymentGateway, Payments.WeChatPay.WeChatPayGateway>();
                    break;
                default:
                    throw new InvalidOperationException($"Payments:Gateways names unknown gateway '{name}': use Alipay, WeChatPay or (demo mode only) Sandbox.");
            }
        }
    }

    private static void AddSandbox(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.Section))
            .Validate(o => !string.IsNullOrEmpty(o.Secret) && o.Secret.Length >= 16, "Payments:Sandbox:Secret must be set (16+ characters).")
            .Validate(o => environment.IsDevelopment() || !o.Secret.Contains("dev-only", StringComparison.Ordinal),
                "The development Sandbox secret must not be used outside Development.")
            .ValidateOnStart();
        services.AddHttpClient<SandboxGateway>(c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddTransient<IPaymentGateway>(sp => sp.GetRequiredService<SandboxGateway>());
        services.AddScoped<SandboxSimulator>();
        services.AddHttpClient(SandboxNotifier.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<SandboxNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<SandboxNotifier>());
    }
}
