using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Reminders;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.Property(n => n.Key).HasMaxLength(Notification.KeyMaxLength).IsUnicode(false);
        builder.HasIndex(n => n.Key).IsUnique();
        builder.Property(n => n.Kind).HasMaxLength(Notification.KindMaxLength).IsUnicode(false);
        builder.Property(n => n.Address).HasMaxLength(Notification.AddressMaxLength);
        builder.Property(n => n.Language).HasMaxLength(Merchant.LanguageMaxLength).IsUnicode(false);
        builder.Property(n => n.Subject).HasMaxLength(Notification.SubjectMaxLength);
        builder.Property(n => n.Body).HasMaxLength(Notification.BodyMaxLength);
        builder.Property(n => n.Error).HasMaxLength(Notification.ErrorMaxLength);
        // "Has this card had this reminder for this expiry?" and the per-card / per-agent lists.
        builder.HasIndex(n => new { n.CardId, n.ExpiryDate, n.Kind });
        builder.HasIndex(n => new { n.AgentId, n.CreatedAtUtc });
        builder.HasIndex(n => new { n.MerchantId, n.CreatedAtUtc });
    }
}
