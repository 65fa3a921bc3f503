using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Carriers;
using PosRenewal.Infrastructure.Carriers.Simulated;

namespace PosRenewal.IntegrationTests;

/// <summary>The simulated carrier platforms, driven through the portal's real client over real HTTP.</summary>
public class CarrierSimulatorTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Key = "dev-only-carrier-simulator-key";

    private ICarrierPlatform Platform(Carrier carrier)
    {
        var scope = portal.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CarrierPlatforms>().For(carrier)!;
    }

    private async Task SetFaultsAsync(Carrier carrier, CarrierFaults faults)
    {
        using var browser = portal.NewBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/carrier-sim/faults/{carrier}") { Content = JsonContent.Create(faults) };
        request.Headers.Add(SimulatedCarrierPlatform.ApiKeyHeader, Key);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.SendAsync(request)).StatusCode);
    }

    private static async Task<string> NewIccidAsync(PortalFactory portal) => (await portal.AddCardAsync(new DateOnly(2027, 1, 1))).Iccid;

    [Fact]
    public async Task Does_apply_a_renewal_once_per_request_id()
    {
        var iccid = await NewIccidAsync(portal);
        var platform = Platform(Carrier.ChinaMobile);
        var renewal = new CarrierRenewal("REQ-" + Guid.NewGuid().ToString("N")[..12], iccid, new DateOnly(2027, 2, 1), 100);

        var first = await platform.ApplyRenewalAsync(renewal, CancellationToken.None);
        var again = await platform.ApplyRenewalAsync(renewal, CancellationToken.None);
        var card = await platform.GetCardAsync(iccid, CancellationToken.None);

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(new DateOnly(2027, 2, 1), card!.Expiry);
        Assert.Equal(CarrierSimulator.Active, card.State);
        Assert.Equal(1, await CountAsync(Carrier.ChinaMobile, renewal.RequestId));
    }

    [Fact]
    public async Task Does_accept_duplicates_when_switched_on_without_moving_the_expiry_twice()
    {
        var iccid = await NewIccidAsync(portal);
        await SetFaultsAsync(Carrier.ChinaTelecom, new CarrierFaults { DuplicateAcceptance = true });
        var platform = Platform(Carrier.ChinaTelecom);
        var renewal = new CarrierRenewal("REQ-" + Guid.NewGuid().ToString("N")[..12], iccid, new DateOnly(2027, 5, 1), 0);

        await platform.ApplyRenewalAsync(renewal, CancellationToken.None);
        var again = await platform.ApplyRenewalAsync(renewal, CancellationToken.None);

        Assert.True(again.Duplicate);
        Assert.Equal(2, await CountAsync(Carrier.ChinaTelecom, renewal.RequestId));
        Assert.Equal(new DateOnly(2027, 5, 1), (await platform.GetCardAsync(iccid, CancellationToken.None))!.Expiry);
        await SetFaultsAsync(Carrier.ChinaTelecom, new CarrierFaults());
    }

    [Fact]
    public async Task Does_fail_during_an_outage_and_recover_after_it()
    {
        var iccid = await NewIccidAsync(portal);
        var platform = Platform(Carrier.ChinaUnicom);
        var renewal = new CarrierRenewal("REQ-" + Guid.NewGuid().ToString("N")[..12], iccid, new DateOnly(2027, 3, 1), 0);
        await SetFaultsAsync(Carrier.ChinaUnicom, new CarrierFaults { DownUntil = TestClock.Instance.GetUtcNow().AddSeconds(2) });

        await Assert.ThrowsAsync<CarrierUnavailableException>(() => platform.ApplyRenewalAsync(renewal, CancellationToken.None));
        Assert.Null(await Platform(Carrier.ChinaMobile).GetCardAsync(iccid, CancellationToken.None));

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        Assert.False((await platform.ApplyRenewalAsync(renewal, CancellationToken.None)).Duplicate);
        await SetFaultsAsync(Carrier.ChinaUnicom, new CarrierFaults());
    }

    [Fact]
    public async Task Does_report_5xx_and_timeouts_as_unavailable()
    {
        var iccid = await NewIccidAsync(portal);
        var platform = Platform(Carrier.ChinaMobile);
        await SetFaultsAsync(Carrier.ChinaMobile, new CarrierFaults { FailureRate = 1 });
        var failed = await Assert.ThrowsAsync<CarrierUnavailableException>(() => platform.GetCardAsync(iccid, CancellationToken.None));
        Assert.Contains("503", failed.Message);

        await SetFaultsAsync(Carrier.ChinaMobile, new CarrierFaults { TimeoutRate = 1 });
        var timedOut = await Assert.ThrowsAsync<CarrierUnavailableException>(() => platform.GetCardAsync(iccid, CancellationToken.None));
        Assert.Contains("timed out", timedOut.Message);
        await SetFaultsAsync(Carrier.ChinaMobile, new CarrierFaults());
    }

    [Fact]
    public async Task Does_suspend_and_resume_and_refuse_callers_without_the_key()
    {
        var iccid = await NewIccidAsync(portal);
        var platform = Platform(Carrier.ChinaMobile);

        await platform.SuspendAsync(iccid, "S-" + iccid, CancellationToken.None);
        Assert.Equal(CarrierSimulator.Suspended, (await platform.GetCardAsync(iccid, CancellationToken.None))!.State);
        await platform.ResumeAsync(iccid, "R-" + iccid, CancellationToken.None);
        Assert.Equal(CarrierSimulator.Active, (await platform.GetCardAsync(iccid, CancellationToken.None))!.State);

        using var browser = portal.NewBrowser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync($"/carrier-sim/ChinaMobile/cards/{iccid}")).StatusCode);
    }

    private Task<int> CountAsync(Carrier carrier, string requestId)
    {
        using var scope = portal.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CarrierSimulator>().CountRequestsAsync(carrier, requestId, CancellationToken.None);
    }
}
