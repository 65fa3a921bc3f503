using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Lifecycle;
using PosRenewal.Core.Reminders;

namespace PosRenewal.Infrastructure.Lifecycle;

/// <summary>
/// The daily job: moves cards through their lifecycle, then queues the reminders due. Runs once the portal
/// has started (catching up on days missed, and knowing its public address for links) and then every
/// <see cref="LifecycleOptions.Interval"/>.
/// </summary>
public sealed class LifecycleWorker(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, IOptions<LifecycleOptions> options, PublicUrl publicUrl, Data.ICardPageCache pages, ILogger<LifecycleWorker> logger) : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await base.ExecuteAsync(stoppingToken);
    }

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        if (await scope.ServiceProvider.GetRequiredService<CardLifecycle>().RunAsync(options.Value.GraceDays, ct) > 0)
        {
            // The moves are set-based, so no save told the card pages: this instance drops its cached ones.
            await pages.EvictAllAsync(ct);
        }

        await scope.ServiceProvider.GetRequiredService<ReminderJob>().RunAsync(publicUrl.BaseUrl, ct);
    }
}
