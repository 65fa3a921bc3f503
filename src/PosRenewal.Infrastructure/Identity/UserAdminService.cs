using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Accounts;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Common;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.Infrastructure.Identity;

/// <summary>A user as the admin list shows it.</summary>
public sealed record UserRow(string Id, string Email, string Role, long? MerchantId, long? AgentId, bool Locked);

/// <summary>
/// Administrators manage accounts: create (with a role and, for merchants and agents, whom they act for),
/// change role, lock and unlock, reset the password. New and reset passwords are random and shown once to
/// the admin to hand over. Every change is audited; locking or changing a user also ends their sessions.
/// </summary>
public sealed class UserAdminService(UserManager<AppUser> users, PosRenewalDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct)
    {
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var now = clock.GetUtcNow();
        return (await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct))
            .Select(u => new UserRow(u.Id, u.Email ?? "", byUser[u.Id].FirstOrDefault() ?? "", u.MerchantId, u.AgentId, u.LockoutEnd > now)).ToList();
    }

    /// <summary>Creates the user; the result is the temporary password to hand over.</summary>
    public async Task<Result<string>> CreateAsync(string email, string role, long? merchantId, long? agentId, Actor actor, CancellationToken ct)
    {
        if (await Scope(role, merchantId, agentId, ct) is { } problem)
        {
            return Result<string>.Fail("invalid", problem);
        }

        var password = NewPassword();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, MerchantId = Merchantish(role, merchantId), AgentId = Agentish(role, agentId) };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Result<string>.Fail("invalid", created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                ? "A user with this e-mail address exists already."
                : "The account could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, role);
        await AuditAsync(actor, "user.create", email, null, Describe(role, user), ct);
        return Result<string>.Ok(password);
    }

    public async Task<Result<string>> ChangeRoleAsync(string userId, string role, long? merchantId, long? agentId, Actor actor, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Result<string>.Fail("not_found", "No such user.");
        }

        if (await Scope(role, merchantId, agentId, ct) is { } problem)
        {
            return Result<string>.Fail("invalid", problem);
        }

        if (user.UserName == actor.UserName && role != Roles.Admin)
        {
            return Result<string>.Fail("invalid", "You cannot take away your own admin role.");
        }

        var before = Describe((await users.GetRolesAsync(user)).FirstOrDefault() ?? "", user);
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, role);
        user.MerchantId = Merchantish(role, merchantId);
        user.AgentId = Agentish(role, agentId);
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(actor, "user.role", user.Email!, before, Describe(role, user), ct);
        return Result<string>.Ok("");
    }

    public async Task<Result<string>> SetLockedAsync(string userId, bool locked, Actor actor, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Result<string>.Fail("not_found", "No such user.");
        }

        if (locked && user.UserName == actor.UserName)
        {
            return Result<string>.Fail("invalid", "You cannot lock your own account.");
        }

        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(actor, locked ? "user.lock" : "user.unlock", user.Email!, null, null, ct);
        return Result<string>.Ok("");
    }

    /// <summary>Sets a new random password; the result is that password, to hand over once.</summary>
    public async Task<Result<string>> ResetPasswordAsync(string userId, Actor actor, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Result<string>.Fail("not_found", "No such user.");
        }

        var password = NewPassword();
        var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        if (!reset.Succeeded)
        {
            return Result<string>.Fail("invalid", "The password could not be reset.");
        }

        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(actor, "user.reset-password", user.Email!, null, null, ct);
        return Result<string>.Ok(password);
    }

    /// <summary>
    /// 16 characters from an alphabet without look-alikes, well over the 10-character minimum, drawn again
    /// until it has the lower case, upper case and digit the password rules ask for.
    /// </summary>
    public static string NewPassword()
    {
        while (true)
        {
            var password = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
            if (password.Any(char.IsAsciiLetterLower) && password.Any(char.IsAsciiLetterUpper) && password.Any(char.IsAsciiDigit))
            {
                return password;
            }
        }
    }

    private async Task<string?> Scope(string role, long? merchantId, long? agentId, CancellationToken ct) => role switch
    {
        Roles.Merchant when merchantId is null || !await db.Merchants.AnyAsync(m => m.Id == merchantId, ct) => "A merchant user acts for one merchant: choose it.",
        Roles.Agent when agentId is null || !await db.Agents.AnyAsync(a => a.Id == agentId, ct) => "An agent user acts for one agent: choose it.",
        _ when !Roles.All.Contains(role) => "Choose one of the roles.",
        _ => null,
    };

    private static long? Merchantish(string role, long? merchantId) => role == Roles.Merchant ? merchantId : null;

    private static long? Agentish(string role, long? agentId) => role == Roles.Agent ? agentId : null;

    private static string Describe(string role, AppUser user) =>
        AuditDetails.Of((AuditField.Role, role), (AuditField.Merchant, user.MerchantId), (AuditField.Agent, user.AgentId));

    private async Task AuditAsync(Actor actor, string action, string email, string? before, string? after, CancellationToken ct)
    {
        db.AuditEntries.Add(new AuditEntry(actor, action, $"user {email}", null, before, after, null, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }
}
