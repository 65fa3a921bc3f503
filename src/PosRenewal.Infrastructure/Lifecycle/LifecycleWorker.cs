using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Lifecycle;

namespace PosRenewal.Infrastructure.Lifecycle;

/// <summary>Runs the card lifecycle job at start-up (catching up on days missed) and then every <see cref="LifecycleOptions.Interval"/>.</summary>
public sealed class LifecycleWorker(IServiceScopeFactory scopes, IOptions<LifecycleOptions> options, ILogger<LifecycleWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<CardLifecycle>().RunAsync(options.Value.GraceDays, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Lifecycle pass failed; the next pass catches up");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
