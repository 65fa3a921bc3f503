using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Payments;

namespace PosRenewal.Infrastructure.Data.Configurations;

internal sealed class PaymentAttemptConfiguration : IEntityTypeConfiguration<PaymentAttempt>
{
    public void Configure(EntityTypeBuilder<PaymentAttempt> builder)
    {
        builder.Property(a => a.Gateway).HasMaxLength(PaymentAttempt.GatewayMaxLength).IsUnicode(false);
        builder.Property(a => a.TradeNo).HasMaxLength(PaymentAttempt.TradeNoMaxLength).IsUnicode(false);
        builder.HasIndex(a => a.TradeNo).IsUnique();
        builder.Property(a => a.GatewayTransactionId).HasMaxLength(PaymentAttempt.GatewayTransactionIdMaxLength).IsUnicode(false);
        // One gateway transaction can settle one attempt only.
        builder.HasIndex(a => new { a.Gateway, a.GatewayTransactionId }).IsUnique();
        builder.Property(a => a.RedirectUrl).HasMaxLength(PaymentAttempt.UrlMaxLength);
        builder.Property(a => a.QrPayload).HasMaxLength(PaymentAttempt.UrlMaxLength);
        builder.Property(a => a.FailureReason).HasMaxLength(200);
        builder.Property(a => a.RawResult).HasMaxLength(PaymentAttempt.RawMaxLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.Status, a.CreatedAtUtc });
        // An attempt pays an order or a batch, never both, never neither.
        builder.ToTable(t => t.HasCheckConstraint("CK_PaymentAttempts_OrderOrBatch",
            "(OrderId IS NOT NULL AND BatchId IS NULL) OR (OrderId IS NULL AND BatchId IS NOT NULL)"));
    }
}

internal sealed class PaymentNotificationConfiguration : IEntityTypeConfiguration<PaymentNotification>
{
    public void Configure(EntityTypeBuilder<PaymentNotification> builder)
    {
        builder.Property(n => n.Gateway).HasMaxLength(PaymentAttempt.GatewayMaxLength).IsUnicode(false);
        builder.Property(n => n.TradeNo).HasMaxLength(PaymentAttempt.TradeNoMaxLength).IsUnicode(false);
        builder.HasIndex(n => n.TradeNo);
        builder.Property(n => n.Reason).HasMaxLength(PaymentNotification.ReasonMaxLength);
        builder.Property(n => n.Source).HasMaxLength(PaymentNotification.SourceMaxLength).IsUnicode(false);
        builder.HasIndex(n => new { n.Gateway, n.Outcome, n.ReceivedAtUtc });
    }
}
