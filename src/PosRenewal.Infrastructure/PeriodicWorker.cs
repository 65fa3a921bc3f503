using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PosRenewal.Infrastructure;

/// <summary>
/// A background loop shared by the workers: one pass every <see cref="Interval"/> (the first at once when
/// <see cref="RunAtStart"/>); a pass that fails is logged and the next one tries again.
/// </summary>
public abstract class PeriodicWorker(ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected virtual bool RunAtStart => true;

    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        if (!RunAtStart && !await timer.WaitForNextTickAsync(stoppingToken))
        {
            return;
        }

        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Worker} pass failed; the next pass tries again", GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
