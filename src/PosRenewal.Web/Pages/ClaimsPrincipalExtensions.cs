using System.Globalization;
using System.Security.Claims;
using PosRenewal.Core.Accounts;

namespace PosRenewal.Web.Pages;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The merchant the signed-in user acts for; the Merchant policy guarantees the claim.</summary>
    public static long MerchantId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(Roles.MerchantIdClaim)!, CultureInfo.InvariantCulture);
}
