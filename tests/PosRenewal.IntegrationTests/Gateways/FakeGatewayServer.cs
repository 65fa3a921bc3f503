using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PosRenewal.IntegrationTests.Gateways;

/// <summary>
/// A stand-in gateway on its own Kestrel port: the portal's adapter talks to it over real HTTP, and it delivers its
/// notifications to the portal over real HTTP, through the TLS proxy hop the portal is deployed behind.
/// </summary>
public abstract class FakeGatewayServer : IDisposable
{
    private readonly WebApplication _app;

    protected FakeGatewayServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        Map(_app);
        _app.StartAsync().GetAwaiter().GetResult();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
    }

    public Uri Address { get; }

    /// <summary>Everything wrong the fake found in what the portal sent: a test fails when this is not empty.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>Where notifications go: the portal's own port (set once the portal runs), reached as its public https host.</summary>
    public Func<Uri>? Portal { get; set; }

    protected abstract void Map(WebApplication app);

    protected void Problem(string what) => Problems.Enqueue(what);

    /// <summary>POSTs a notification to the portal's notify_url as the gateway would, through the TLS proxy.</summary>
    protected async Task<(int Status, string Body)> DeliverAsync(string notifyUrl, HttpContent content, IReadOnlyDictionary<string, string>? headers = null)
    {
        var target = new Uri(notifyUrl);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri((Portal ?? throw new InvalidOperationException("Portal not set"))(), target.PathAndQuery)) { Content = content };
        request.Headers.Host = target.Host;
        request.Headers.Add("X-Forwarded-Proto", target.Scheme);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
        GC.SuppressFinalize(this);
    }
}
