using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Cards;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class CardConfiguration : IEntityTypeConfiguration<Card>
{
    public void Configure(EntityTypeBuilder<Card> builder)
    {
        builder.Property(c => c.Iccid).HasMaxLength(Iccid.MaxLength).IsUnicode(false);
        builder.HasIndex(c => c.Iccid).IsUnique();
        builder.Property(c => c.Msisdn).HasMaxLength(Card.MsisdnMaxLength).IsUnicode(false);
        builder.HasIndex(c => c.Msisdn);
        // The reminder job reads cards by expiry window.
        builder.HasIndex(c => c.ExpiryDate);
        // The lifecycle job moves cards by stored state and expiry range, one set-based statement a move.
        builder.HasIndex(c => new { c.Status, c.ExpiryDate });
        builder.Property(c => c.TerminalSerial).HasMaxLength(Card.TerminalSerialMaxLength).IsUnicode(false);
        builder.HasIndex(c => c.TerminalSerial);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne(c => c.Merchant).WithMany().HasForeignKey(c => c.MerchantId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(c => c.MaskedIccid);
        builder.Ignore(c => c.CanRenewOnline);
    }
}

internal sealed class MerchantConfiguration : IEntityTypeConfiguration<Merchant>
{
    public void Configure(EntityTypeBuilder<Merchant> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(Merchant.NameMaxLength);
        // The import finds its merchants by name, a batch at a time: without it every batch read the whole table.
        builder.HasIndex(m => m.Name);
        builder.Property(m => m.ContactPhone).HasMaxLength(Merchant.PhoneMaxLength).IsUnicode(false);
        builder.HasIndex(m => m.ContactPhone);
        builder.Property(m => m.ContactEmail).HasMaxLength(Merchant.EmailMaxLength);
        builder.Property(m => m.Language).HasMaxLength(Merchant.LanguageMaxLength).IsUnicode(false).HasDefaultValue(Merchant.DefaultLanguage);
        builder.HasOne<Core.Agents.Agent>().WithMany().HasForeignKey(m => m.AgentId).OnDelete(DeleteBehavior.Restrict);
    }
}
