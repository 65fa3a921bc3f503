using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Stickers;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class RenewalStickerConfiguration : IEntityTypeConfiguration<RenewalSticker>
{
    public void Configure(EntityTypeBuilder<RenewalSticker> builder)
    {
        builder.ToTable("RenewalStickers");
        builder.Property(s => s.Token).HasMaxLength(RenewalSticker.TokenLength).IsUnicode(false);
        builder.HasIndex(s => s.Token).IsUnique();
        // At most one live sticker per card, even when two people print at once (unquoted: valid on SQLite and SQL Server).
        builder.HasIndex(s => s.CardId).IsUnique().HasFilter("RevokedAtUtc IS NULL");
        builder.HasOne(s => s.Card).WithMany().HasForeignKey(s => s.CardId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(s => s.IsLive);
    }
}
