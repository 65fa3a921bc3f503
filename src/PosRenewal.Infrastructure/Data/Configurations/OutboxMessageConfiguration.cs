using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Outbox;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.Property(m => m.Type).HasMaxLength(32).IsUnicode(false);
        builder.Property(m => m.Payload).HasMaxLength(64).IsUnicode(false);
        builder.Property(m => m.LockedBy).HasMaxLength(64).IsUnicode(false);
        builder.Property(m => m.LastError).HasMaxLength(OutboxMessage.LastErrorMaxLength);
        builder.HasIndex(m => new { m.ProcessedAtUtc, m.NextAttemptAtUtc });
    }
}
