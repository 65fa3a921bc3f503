using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PosRenewal.Core.Cards;

namespace PosRenewal.Infrastructure.Carriers.Simulated;

/// <summary>A card in a simulated carrier's own books.</summary>
public class SimCarrierCard : PosRenewal.Core.Common.IVersioned
{
    private SimCarrierCard()
    {
    }

    public SimCarrierCard(Carrier carrier, string iccid)
    {
        Carrier = carrier;
        Iccid = iccid;
        State = "ACTIVE";
    }

    public long Id { get; private set; }

    public Carrier Carrier { get; private set; }

    public string Iccid { get; private set; } = "";

    public string State { get; set; } = "";

    public DateOnly? Expiry { get; set; }

    public long BonusDataMb { get; set; }

    public int Version { get; private set; }
}

/// <summary>Every command a simulated carrier accepted; its request id is unique unless duplicate acceptance is switched on.</summary>
public class SimCarrierRequest
{
    private SimCarrierRequest()
    {
    }

    public SimCarrierRequest(Carrier carrier, string requestId, string iccid, string kind, DateTime nowUtc)
    {
        Carrier = carrier;
        RequestId = requestId;
        Iccid = iccid;
        Kind = kind;
        AcceptedAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    public Carrier Carrier { get; private set; }

    public string RequestId { get; private set; } = "";

    public string Iccid { get; private set; } = "";

    public string Kind { get; private set; } = "";

    public DateTime AcceptedAtUtc { get; private set; }
}

internal sealed class SimCarrierCardConfiguration : IEntityTypeConfiguration<SimCarrierCard>
{
    public void Configure(EntityTypeBuilder<SimCarrierCard> builder)
    {
        builder.Property(c => c.Iccid).HasMaxLength(Iccid.MaxLength).IsUnicode(false);
        builder.HasIndex(c => new { c.Carrier, c.Iccid }).IsUnique();
        builder.Property(c => c.State).HasMaxLength(16).IsUnicode(false);
        builder.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class SimCarrierRequestConfiguration : IEntityTypeConfiguration<SimCarrierRequest>
{
    public void Configure(EntityTypeBuilder<SimCarrierRequest> builder)
    {
        builder.Property(r => r.RequestId).HasMaxLength(64).IsUnicode(false);
        builder.Property(r => r.Iccid).HasMaxLength(Iccid.MaxLength).IsUnicode(false);
        builder.Property(r => r.Kind).HasMaxLength(16).IsUnicode(false);
        builder.HasIndex(r => new { r.Carrier, r.RequestId });
    }
}
