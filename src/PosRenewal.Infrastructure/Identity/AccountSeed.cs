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

    /// <summary>DEVELOPMENT-ONLY demo credentials: (email, password, agent name).</summary>
    public static readonly IReadOnlyList<(string Email, string Password, string AgentName)> DemoAgents =
    [
        ("agent@posrenewal.test", "Demo-agent-1", "安易通代理 (demo agent)"),
        ("agent2@posrenewal.test", "Demo-agent-2", "Bay Terminals (demo agent 2)"),
    ];

    /// <summary>DEVELOPMENT-ONLY demo credentials for staff: (email, password, role).</summary>
    public static readonly IReadOnlyList<(string Email, string Password, string Role)> DemoStaff =
    [
        ("support@posrenewal.test", "Demo-support-1", Roles.Support),
        ("admin@posrenewal.test", "Demo-admin-1", Roles.Admin),
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
            await CreateAsync(users, new AppUser { UserName = email, Email = email, EmailConfirmed = true, MerchantId = merchant?.Id }, password, Roles.Merchant);
        }

        foreach (var (email, password, agentName) in DemoAgents)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var agent = await db.Agents.FirstOrDefaultAsync(a => a.Name == agentName, ct);
            await CreateAsync(users, new AppUser { UserName = email, Email = email, EmailConfirmed = true, AgentId = agent?.Id }, password, Roles.Agent);
        }

        foreach (var (email, password, role) in DemoStaff)
        {
            if (await users.FindByEmailAsync(email) is null)
            {
                await CreateAsync(users, new AppUser { UserName = email, Email = email, EmailConfirmed = true }, password, role);
            }
        }
    }

    private static async Task CreateAsync(UserManager<AppUser> users, AppUser user, string password, string role)
    {
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
