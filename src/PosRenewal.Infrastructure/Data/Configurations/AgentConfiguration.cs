using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(Agent.NameMaxLength);
        builder.Property(a => a.FeeValue).HasPrecision(Money.Precision, 4);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Property(a => a.ContactEmail).HasMaxLength(Core.Cards.Merchant.EmailMaxLength);
        builder.Property(a => a.Language).HasMaxLength(Core.Cards.Merchant.LanguageMaxLength).IsUnicode(false).HasDefaultValue(Core.Cards.Merchant.DefaultLanguage);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.Property(e => e.Amount).HasPrecision(Money.Precision, Money.Scale);
        builder.Property(e => e.OrderNo).HasMaxLength(RenewalOrder.OrderNoLength).IsUnicode(false);
        builder.Property(e => e.By).HasMaxLength(LedgerEntry.ByMaxLength);
        builder.HasOne(e => e.Agent).WithMany().HasForeignKey(e => e.AgentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.AgentId, e.CreatedAtUtc });
        // A top-up is reversed at most once, even when two admins press the button together.
        builder.HasIndex(e => e.ReversesEntryId).IsUnique().HasFilter("ReversesEntryId IS NOT NULL");
    }
}
