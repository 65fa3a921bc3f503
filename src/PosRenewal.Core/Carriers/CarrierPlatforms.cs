using PosRenewal.Core.Cards;

namespace PosRenewal.Core.Carriers;

/// <summary>The configured platform of each carrier.</summary>
public sealed class CarrierPlatforms(IEnumerable<ICarrierPlatform> platforms)
{
    private readonly Dictionary<Carrier, ICarrierPlatform> _byCarrier = platforms.ToDictionary(p => p.Carrier);

    public ICarrierPlatform? For(Carrier carrier) => _byCarrier.GetValueOrDefault(carrier);
}
