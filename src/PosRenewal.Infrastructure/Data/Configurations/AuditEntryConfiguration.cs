using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Audit;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(e => e.UserName).HasMaxLength(256);
        builder.Property(e => e.Role).HasMaxLength(32);
        builder.Property(e => e.Action).HasMaxLength(AuditEntry.ActionMaxLength);
        builder.Property(e => e.Subject).HasMaxLength(64);
        builder.Property(e => e.Before).HasMaxLength(AuditEntry.TextMaxLength);
        builder.Property(e => e.After).HasMaxLength(AuditEntry.TextMaxLength);
        builder.Property(e => e.Reason).HasMaxLength(AuditEntry.TextMaxLength);
        builder.HasIndex(e => e.AtUtc);
        builder.HasIndex(e => new { e.CardId, e.AtUtc });
    }
}
