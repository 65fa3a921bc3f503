using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Common;
using PosRenewal.Core.Promotions;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class PromotionConfiguration : IEntityTypeConfiguration<Promotion>
{
    public void Configure(EntityTypeBuilder<Promotion> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(Promotion.NameMaxLength);
        builder.Property(p => p.NameEn).HasMaxLength(Promotion.NameMaxLength);
        builder.Property(p => p.Value).HasPrecision(Money.Precision, Money.Scale);
        builder.Property(p => p.Code).HasMaxLength(Promotion.CodeMaxLength).IsUnicode(false);
        builder.Property(p => p.PackageCodes).HasMaxLength(Promotion.ListMaxLength).IsUnicode(false);
        builder.Property(p => p.Carriers).HasMaxLength(Promotion.ListMaxLength).IsUnicode(false);
        builder.Property(p => p.AgentIds).HasMaxLength(Promotion.ListMaxLength).IsUnicode(false);
        builder.Ignore(p => p.BonusDataMb);
        // The card page reads the promotions running today.
        builder.HasIndex(p => p.EndsOn);
    }
}
