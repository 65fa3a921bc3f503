namespace PosRenewal.Core.Payments;

/// <summary>The gateways enabled by configuration (<c>Payments:Gateways</c>), looked up by name.</summary>
public sealed class PaymentGateways(IEnumerable<IPaymentGateway> gateways)
{
    private readonly IReadOnlyList<IPaymentGateway> _gateways = gateways.ToList();

    public IReadOnlyList<string> Names => _gateways.Select(g => g.Name).ToList();

    public IPaymentGateway? Find(string? name) =>
        _gateways.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
}
