using System.Globalization;
using System.Security.Claims;
using PosRenewal.Core.Accounts;

namespace PosRenewal.Web.Pages;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The merchant the signed-in user acts for; the Merchant policy guarantees the claim.</summary>
    public static long MerchantId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(Roles.MerchantIdClaim)!, CultureInfo.InvariantCulture);

    /// <summary>The signed-in user for the audit trail (their first role), or null for an anonymous visitor.</summary>
    public static Core.Audit.Actor? Actor(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { } name }
            ? new Core.Audit.Actor(name, Roles.All.FirstOrDefault(user.IsInRole) ?? "none")
            : null;

    /// <summary>The agent a signed-in Agent user acts for; null for everyone else (merchants, anonymous visitors).</summary>
    public static long? AgentId(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Agent) && user.FindFirstValue(Roles.AgentIdClaim) is { } id ? long.Parse(id, CultureInfo.InvariantCulture) : null;

    /// <summary>Whose cards a batch may renew: every card (null) for an admin, else the agent's own merchants' cards.</summary>
    public static long? BatchScope(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin) ? null : user.AgentId() ?? -1;
}
