using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;

namespace PosRenewal.Infrastructure.Payments.Sandbox;

/// <summary>One trade as the sandbox gateway's own books record it.</summary>
public class SandboxTrade
{
    private SandboxTrade()
    {
    }

    public SandboxTrade(SandboxPayLink link, DateTime nowUtc)
    {
        TradeNo = link.TradeNo;
        Amount = link.Amount;
        Subject = link.Subject.Length > 100 ? link.Subject[..100] : link.Subject;
        NotifyUrl = link.NotifyUrl.ToString();
        Status = SandboxTradeMessage.Pending;
        CreatedAtUtc = nowUtc;
        ExpiresAtUtc = DateTimeOffset.FromUnixTimeSeconds(link.Expires).UtcDateTime;
    }

    public long Id { get; private set; }

    public string TradeNo { get; private set; } = "";

    public string? TransactionId { get; private set; }

    public Money Amount { get; private set; }

    public string Subject { get; private set; } = "";

    public string NotifyUrl { get; private set; } = "";

    public string Status { get; private set; } = "";

    public string? Reason { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? PaidAtUtc { get; private set; }

    /// <summary>When the payment link expires; an unpaid trade closes then.</summary>
    public DateTime ExpiresAtUtc { get; private set; }

    public int NotifyAttempts { get; private set; }

    /// <summary>When the next notification is due; null when none is (acknowledged, given up, or not settled).</summary>
    public DateTime? NextNotifyAtUtc { get; private set; }

    public int DuplicatesLeft { get; private set; }

    public Money RefundedAmount { get; private set; }

    public bool IsSettled => Status is SandboxTradeMessage.Paid or SandboxTradeMessage.Failed or SandboxTradeMessage.Refunded;

    /// <summary>As real gateways close a trade nobody paid before its time-out: true when this closed it.</summary>
    public bool CloseIfExpired(DateTime nowUtc)
    {
        if (Status != SandboxTradeMessage.Pending || nowUtc <= ExpiresAtUtc)
        {
            return false;
        }

        Status = SandboxTradeMessage.Failed;
        Reason = "closed unpaid: the payment link expired";
        return true;
    }

    public void Settle(bool paid, string? reason, bool sendDuplicate, bool loseNotifications, DateTime nowUtc)
    {
        Status = paid ? SandboxTradeMessage.Paid : SandboxTradeMessage.Failed;
        Reason = reason;
        TransactionId = "SBX" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();
        PaidAtUtc = paid ? nowUtc : null;
        NextNotifyAtUtc = loseNotifications ? null : nowUtc;
        DuplicatesLeft = sendDuplicate ? 1 : 0;
    }

    /// <summary>Gives back part or all of the payment, recorded under its refund number (asked once per number).</summary>
    public SandboxRefund Refund(Money amount, string refundNo, DateTime nowUtc)
    {
        RefundedAmount += amount;
        if (RefundedAmount == Amount)
        {
            Status = SandboxTradeMessage.Refunded;
        }

        return new SandboxRefund(TradeNo, refundNo, amount, nowUtc);
    }

    /// <summary>The trade as the gateway reports it, naming the merchant account it was paid to.</summary>
    public SandboxTradeMessage ToMessage(string merchantId) =>
        new(TradeNo, TransactionId, Status, Amount.ToWire(), PaidAtUtc, Reason, SandboxTradeMessage.Cny, merchantId);

    /// <summary>After a delivery: acknowledged ones stop (bar a planned duplicate), failed ones back off, then give up.</summary>
    public void Delivered(bool acknowledged, IReadOnlyList<TimeSpan> retryDelays, DateTime nowUtc)
    {
        if (acknowledged)
        {
            NextNotifyAtUtc = DuplicatesLeft > 0 ? nowUtc.AddMilliseconds(300) : null;
            DuplicatesLeft = Math.Max(0, DuplicatesLeft - 1);
            return;
        }

        NotifyAttempts++;
        NextNotifyAtUtc = NotifyAttempts <= retryDelays.Count ? nowUtc + retryDelays[NotifyAttempts - 1] : null;
    }
}

internal sealed class SandboxTradeConfiguration : IEntityTypeConfiguration<SandboxTrade>
{
    public void Configure(EntityTypeBuilder<SandboxTrade> builder)
    {
        builder.Property(t => t.TradeNo).HasMaxLength(PaymentAttempt.TradeNoMaxLength).IsUnicode(false);
        builder.HasIndex(t => t.TradeNo).IsUnique();
        builder.Property(t => t.TransactionId).HasMaxLength(PaymentAttempt.GatewayTransactionIdMaxLength).IsUnicode(false);
        builder.Property(t => t.Subject).HasMaxLength(100);
        builder.Property(t => t.NotifyUrl).HasMaxLength(PaymentAttempt.UrlMaxLength);
        builder.Property(t => t.Status).HasMaxLength(16).IsUnicode(false);
        builder.Property(t => t.Reason).HasMaxLength(200);
        builder.HasIndex(t => t.NextNotifyAtUtc);
        builder.Ignore(t => t.IsSettled);
    }
}

/// <summary>One refund of a Sandbox trade. Like a real gateway's, a refund number is refunded once: asking again answers the same.</summary>
public class SandboxRefund
{
    private SandboxRefund()
    {
    }

    internal SandboxRefund(string tradeNo, string refundNo, Money amount, DateTime nowUtc)
    {
        TradeNo = tradeNo;
        RefundNo = refundNo;
        Amount = amount;
        CreatedAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    public string TradeNo { get; private set; } = "";

    public string RefundNo { get; private set; } = "";

    public Money Amount { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }
}

internal sealed class SandboxRefundConfiguration : IEntityTypeConfiguration<SandboxRefund>
{
    public void Configure(EntityTypeBuilder<SandboxRefund> builder)
    {
        builder.Property(r => r.TradeNo).HasMaxLength(PaymentAttempt.TradeNoMaxLength).IsUnicode(false);
        builder.Property(r => r.RefundNo).HasMaxLength(64).IsUnicode(false);
        builder.HasIndex(r => new { r.TradeNo, r.RefundNo }).IsUnique();
    }
}
