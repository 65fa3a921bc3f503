using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace PosRenewal.Infrastructure;

/// <summary>
/// How this portal is deployed (<c>Portal</c> section): the address people and gateways use, and whether it is a demo.
/// Two settings decide everything that differs between <c>dotnet run</c>, the compose demo and a real deployment.
/// </summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The address the portal is reached on. Its scheme is the HTTPS rule: <c>https://</c> means Secure cookies, HSTS and redirection to HTTPS.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The operating company, named on every receipt as the payee.</summary>
    public string Payee { get; set; } = "PosRenewal";

    /// <summary>Demo mode: the Sandbox gateway and the carrier simulators may run, no real gateway may, and every page says no money moves.</summary>
    public bool DemoMode { get; set; }

    public static PortalOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<PortalOptions>() ?? new PortalOptions();

    /// <summary>The public address, when one is configured.</summary>
    public Uri? PublicUri =>
        Uri.TryCreate(PublicBaseUrl?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    /// <summary>True when people reach the portal over HTTPS (directly or through a TLS-terminating proxy).</summary>
    public bool UsesHttps => PublicUri?.Scheme == Uri.UriSchemeHttps;

    /// <summary>Sign-in and antiforgery cookies: always Secure on an HTTPS portal; on a plain-HTTP one (development, the demo) as the request came.</summary>
    public Microsoft.AspNetCore.Http.CookieSecurePolicy CookieSecurePolicy =>
        UsesHttps ? Microsoft.AspNetCore.Http.CookieSecurePolicy.Always : Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;

    /// <summary>
    /// Refuses, with a message naming the setting, a configuration that would take play money for real, real money in a
    /// demo, or real money over plain HTTP.
    /// </summary>
    public void Validate(IHostEnvironment environment, IReadOnlyCollection<string> gateways, bool carrierSimulator, string sandboxName)
    {
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl) && PublicUri is null)
        {
            throw new InvalidOperationException($"Portal:PublicBaseUrl must be an absolute http:// or https:// address, not '{PublicBaseUrl}'.");
        }

        var real = gateways.FirstOrDefault(g => !string.Equals(g, sandboxName, StringComparison.OrdinalIgnoreCase));
        if (DemoMode && real is not null)
        {
            throw new InvalidOperationException(
                $"Portal:DemoMode is on, so this portal must take no real money, but Payments:Gateways lists the real gateway '{real}'. Switch demo mode off or remove the gateway.");
        }

        if (!DemoMode && gateways.Any(g => string.Equals(g, sandboxName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException(
                "Payments:Gateways lists the Sandbox, which takes play money: it runs only in demo mode (set Portal:DemoMode=true, and no real gateway).");
        }

        if (!DemoMode && carrierSimulator)
        {
            throw new InvalidOperationException(
                "Carriers:Simulator:Enabled is on, but the simulated carriers renew nothing for real: they run only in demo mode (Portal:DemoMode=true).");
        }

        if (environment.IsDevelopment() || DemoMode)
        {
            return;
        }

        if (PublicUri is null)
        {
            throw new InvalidOperationException("Set Portal:PublicBaseUrl to the portal's public https:// address (gateways call back on it).");
        }

        if (!UsesHttps)
        {
            throw new InvalidOperationException(
                $"Portal:PublicBaseUrl is '{PublicBaseUrl}': outside demo mode the portal takes real money and must be reached over https:// (terminate TLS at a proxy in front of it).");
        }
    }
}
