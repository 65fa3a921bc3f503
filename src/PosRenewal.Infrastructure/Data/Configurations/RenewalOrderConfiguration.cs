using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Packages;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class RenewalOrderConfiguration : IEntityTypeConfiguration<RenewalOrder>
{
    public void Configure(EntityTypeBuilder<RenewalOrder> builder)
    {
        builder.ToTable("Orders");
        builder.Property(o => o.OrderNo).HasMaxLength(RenewalOrder.OrderNoLength).IsUnicode(false);
        builder.HasIndex(o => o.OrderNo).IsUnique();
        builder.Property(o => o.IdempotencyKey).HasMaxLength(RenewalOrder.IdempotencyKeyMaxLength).IsUnicode(false);
        builder.HasIndex(o => o.IdempotencyKey).IsUnique();
        // Nullable unique: SQL Server gets a filtered index (IS NOT NULL) by convention, SQLite allows many NULLs.
        builder.Property(o => o.OpenSlot).HasMaxLength(RenewalOrder.OpenSlotMaxLength).IsUnicode(false);
        builder.HasIndex(o => o.OpenSlot).IsUnique();
        builder.Property(o => o.Iccid).HasMaxLength(Iccid.MaxLength).IsUnicode(false);
        builder.Property(o => o.PackageCode).HasMaxLength(Package.CodeMaxLength).IsUnicode(false);
        builder.Property(o => o.PackageName).HasMaxLength(Package.NameMaxLength);
        builder.Property(o => o.PackageNameEn).HasMaxLength(Package.NameMaxLength);
        builder.Property(o => o.PromotionName).HasMaxLength(Core.Promotions.Promotion.NameMaxLength);
        builder.Property(o => o.PromotionNameEn).HasMaxLength(Core.Promotions.Promotion.NameMaxLength);
        builder.Property(o => o.Attention).HasMaxLength(RenewalOrder.AttentionMaxLength);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Ignore(o => o.IsPaid);
        builder.Ignore(o => o.Payments);
        builder.Ignore(o => o.PaidWith);
        builder.Ignore(o => o.InBatch);
        builder.HasIndex(o => new { o.Status, o.UpdatedAtUtc });
        builder.HasOne(o => o.Card).WithMany().HasForeignKey(o => o.CardId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.CardId, o.CreatedAtUtc });
        builder.HasOne<Core.Agents.Agent>().WithMany().HasForeignKey(o => o.AgentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.AgentId, o.CreatedAtUtc });
        builder.HasMany(o => o.Attempts).WithOne(a => a.Order).HasForeignKey(a => a.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(o => o.Attempts).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
