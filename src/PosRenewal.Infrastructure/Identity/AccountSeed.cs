using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Accounts;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.Infrastructure.Identity;

/// <summary>Roles (every environment) and the demo users (Development only; listed in the README).</summary>
public static class AccountSeed
{
    /// <summary>DEVELOPMENT-ONLY demo credentials: (email, password, merchant name).</summary>
    public static readonly IReadOnlyList<(string Email, string Password, string MerchantName)> DemoMerchants =
    [
        ("merchant@posrenewal.test", "Demo-merchant-1", "张记面馆"),
        ("coffee@posrenewal.test", "Demo-merchant-2", "Harbour Coffee"),
    ];

    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }
    }

    public static async Task SeedDemoUsersAsync(UserManager<AppUser> users, PosRenewalDbContext db, CancellationToken ct)
    {
        foreach (var (email, password, merchantName) in DemoMerchants)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var merchant = await db.Merchants.FirstOrDefaultAsync(m => m.Name == merchantName, ct);
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, MerchantId = merchant?.Id };
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, Roles.Merchant));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
