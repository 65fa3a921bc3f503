using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;

namespace PosRenewal.Infrastructure;

/// <summary>
/// The portal's public base address, for links handed to gateways (return and notification URLs).
/// <c>Portal:PublicBaseUrl</c> in production; otherwise the first address the server listens on.
/// </summary>
public sealed class PublicUrl(IConfiguration configuration, IServer server)
{
    public Uri BaseUrl
    {
        get
        {
            var configured = configuration["Portal:PublicBaseUrl"];
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return new Uri(configured.TrimEnd('/') + "/");
            }

            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Set Portal:PublicBaseUrl: the server reports no address.");
            // A wildcard binding is not an address a client can call back on.
            address = address.Replace("://+", "://localhost").Replace("://*", "://localhost")
                .Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost");
            return new Uri(address.TrimEnd('/') + "/");
        }
    }

    public Uri Combine(string relative) => new(BaseUrl, relative.TrimStart('/'));
}
