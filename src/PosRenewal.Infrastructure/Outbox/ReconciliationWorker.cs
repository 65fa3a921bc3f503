using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Payments;

namespace PosRenewal.Infrastructure.Outbox;

/// <summary>Settings under <c>Reconciliation</c>.</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An attempt still pending after this long is queried from its gateway.</summary>
    public TimeSpan PendingAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>An attempt the gateway has no trade for after this long is closed as failed.</summary>
    public TimeSpan CloseAfter { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Asks gateways about payments whose notification never came, so nothing paid is lost.</summary>
public sealed class ReconciliationWorker(IServiceScopeFactory scopes, IOptions<ReconciliationOptions> options, ILogger<ReconciliationWorker> logger) : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    protected override bool RunAtStart => false;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var queried = await scope.ServiceProvider.GetRequiredService<IPaymentService>()
            .ReconcileAsync(options.Value.PendingAfter, options.Value.CloseAfter, ct);
        if (queried > 0)
        {
            logger.LogInformation("Reconciliation queried {Count} pending payment attempts", queried);
        }
    }
}
