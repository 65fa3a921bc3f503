namespace PosRenewal.Core.Payments;

/// <summary>The gateways enabled by configuration (<c>Payments:Gateways</c>), looked up by name.</summary>
public sealed class PaymentGateways(IEnumerable<IPaymentGateway> gateways)
{
    private readonly IReadOnlyList<IPaymentGateway> _gateways = gateways.ToList();

    /// <summary>Marks a scan-to-pay choice: <c>qr:Sandbox</c> pays through Sandbox by a code shown on the page.</summary>
    public const string QrPrefix = "qr:";

    public IReadOnlyList<string> Names => _gateways.Select(g => g.Name).ToList();

    /// <summary>The ways a payer can pay: each gateway's hosted page, then a scan-to-pay code where the gateway can give one.</summary>
    public IReadOnlyList<string> Choices =>
    [
        .. _gateways.Where(g => g.Capabilities.HasFlag(GatewayCapabilities.HostedPage)).Select(g => g.Name),
        .. _gateways.Where(g => g.Capabilities.HasFlag(GatewayCapabilities.QrCode)).Select(g => QrPrefix + g.Name),
    ];

    /// <summary>The gateway and mode of one of <see cref="Choices"/>, or null for anything else.</summary>
    public (IPaymentGateway Gateway, PaymentMode Mode)? Resolve(string? choice)
    {
        var qr = choice?.StartsWith(QrPrefix, StringComparison.Ordinal) == true;
        var gateway = Find(qr ? choice![QrPrefix.Length..] : choice);
        var mode = qr ? PaymentMode.QrCode : PaymentMode.HostedPage;
        var needs = qr ? GatewayCapabilities.QrCode : GatewayCapabilities.HostedPage;
        return gateway is not null && gateway.Capabilities.HasFlag(needs) ? (gateway, mode) : null;
    }

    public IPaymentGateway? Find(string? name) =>
        _gateways.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
}
