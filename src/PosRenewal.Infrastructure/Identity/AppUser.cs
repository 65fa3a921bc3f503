using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Cards;

namespace PosRenewal.Infrastructure.Identity;

/// <summary>A signed-in user. A Merchant user acts for exactly one merchant, an Agent user for one agent.</summary>
public class AppUser : IdentityUser
{
    public long? MerchantId { get; set; }

    public Merchant? Merchant { get; set; }

    public long? AgentId { get; set; }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.HasOne(u => u.Merchant).WithMany().HasForeignKey(u => u.MerchantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Core.Agents.Agent>().WithMany().HasForeignKey(u => u.AgentId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Puts the merchant or agent a user acts for into the sign-in cookie, so pages scope queries without a lookup.</summary>
public sealed class AppClaimsFactory(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<System.Security.Claims.ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MerchantId is { } merchantId)
        {
            identity.AddClaim(new(Core.Accounts.Roles.MerchantIdClaim, merchantId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (user.AgentId is { } agentId)
        {
            identity.AddClaim(new(Core.Accounts.Roles.AgentIdClaim, agentId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}
