namespace PosRenewal.Core.Payments;

/// <summary>The gateways enabled by configuration (<c>Payments:Gateways</c>), in the order configured, looked up by name.</summary>
public sealed class PaymentGateways(IEnumerable<IPaymentGateway> gateways)
{
    private readonly IReadOnlyList<IPaymentGateway> _gateways = gateways.ToList();

    /// <summary>Marks a scan-to-pay choice: <c>qr:Alipay</c> pays through Alipay by a code shown on the page.</summary>
    public const string QrPrefix = "qr:";

    /// <summary>
    /// The ways a payer can pay on their device, gateway by gateway in the order configured: the gateway's page (its
    /// desktop page, or on a phone its mobile page), then its scan-to-pay code where it can give one.
    /// </summary>
    public IReadOnlyList<string> ChoicesFor(bool onPhone) =>
    [
        .. _gateways.SelectMany(g => new[]
        {
            g.Capabilities.HasFlag(onPhone ? GatewayCapabilities.MobilePage : GatewayCapabilities.HostedPage) ? g.Name : null,
            g.Capabilities.HasFlag(GatewayCapabilities.QrCode) ? QrPrefix + g.Name : null,
        }).OfType<string>(),
    ];

    /// <summary>True for a choice offered on some device: a form carrying it is well-formed.</summary>
    public bool IsChoice(string? choice) => Resolve(choice, onPhone: false) is not null || Resolve(choice, onPhone: true) is not null;

    /// <summary>The gateway and mode of one of <see cref="ChoicesFor"/> on this device, or null for anything else.</summary>
    public (IPaymentGateway Gateway, PaymentMode Mode)? Resolve(string? choice, bool onPhone)
    {
        var qr = choice?.StartsWith(QrPrefix, StringComparison.Ordinal) == true;
        var gateway = Find(qr ? choice![QrPrefix.Length..] : choice);
        var mode = qr ? PaymentMode.QrCode : onPhone ? PaymentMode.MobilePage : PaymentMode.HostedPage;
        var needs = mode switch
        {
            PaymentMode.QrCode => GatewayCapabilities.QrCode,
            PaymentMode.MobilePage => GatewayCapabilities.MobilePage,
            _ => GatewayCapabilities.HostedPage,
        };
        return gateway is not null && gateway.Capabilities.HasFlag(needs) ? (gateway, mode) : null;
    }

    public IPaymentGateway? Find(string? name) =>
        _gateways.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
}
