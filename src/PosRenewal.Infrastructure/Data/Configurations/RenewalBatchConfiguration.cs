using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Batches;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class RenewalBatchConfiguration : IEntityTypeConfiguration<RenewalBatch>
{
    public void Configure(EntityTypeBuilder<RenewalBatch> builder)
    {
        builder.ToTable("Batches");
        builder.Property(b => b.BatchNo).HasMaxLength(RenewalBatch.BatchNoLength).IsUnicode(false);
        builder.HasIndex(b => b.BatchNo).IsUnique();
        builder.Property(b => b.IdempotencyKey).HasMaxLength(RenewalOrder.IdempotencyKeyMaxLength).IsUnicode(false);
        builder.HasIndex(b => b.IdempotencyKey).IsUnique();
        builder.Property(b => b.CreatedBy).HasMaxLength(RenewalBatch.CreatedByMaxLength);
        builder.Property(b => b.Attention).HasMaxLength(RenewalOrder.AttentionMaxLength);
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasOne<Core.Agents.Agent>().WithMany().HasForeignKey(b => b.AgentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => new { b.AgentId, b.CreatedAtUtc });
        builder.HasMany(b => b.Orders).WithOne(o => o.Batch).HasForeignKey(o => o.BatchId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(b => b.Orders).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(b => b.Attempts).WithOne(a => a.Batch).HasForeignKey(a => a.BatchId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(b => b.Attempts).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
