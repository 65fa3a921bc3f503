namespace PosRenewal.Infrastructure.Payments.Sandbox;

/// <summary>Settings of the built-in Sandbox gateway (<c>Payments:Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    public const string Section = "Payments:Sandbox";

    /// <summary>HMAC key shared by the portal and the sandbox. Development default only; required elsewhere.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The portal's merchant id at the Sandbox: the simulator names it in every trade, the portal refuses any other.</summary>
    public string MerchantId { get; set; } = "PR-SANDBOX-DEMO";

    /// <summary>Where the sandbox is reached; empty means "this portal" (the simulator runs in-process).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Notifications and API calls older (or newer) than this are refused as replays.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a payment link stays valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a scan-to-pay code stays valid (shorter: it is shown on a shop counter).</summary>
    public TimeSpan QrLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Share of notifications the sandbox sends twice, as real gateways sometimes do.</summary>
    public double DuplicateRate { get; set; } = 0.2;

    /// <summary>Share of settled trades whose notifications are all lost (never sent): only a query finds them paid.</summary>
    public double LossRate { get; set; }

    /// <summary>When false the sandbox never notifies: a lost notification, for tests and drills.</summary>
    public bool SendNotifications { get; set; } = true;

    public TimeSpan NotifierPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Delays between notification retries; after the last one the sandbox gives up.</summary>
    public TimeSpan[] RetryDelays { get; set; } =
    [
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(4),
    ];
}
