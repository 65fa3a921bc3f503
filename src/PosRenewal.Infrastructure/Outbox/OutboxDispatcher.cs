using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PosRenewal.Core.Carriers;
using PosRenewal.Core.Outbox;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.Infrastructure.Outbox;

/// <summary>Settings under <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 20;

    /// <summary>How long a claimed message is ours; after that another instance may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Attempts before a message is given up (an activation becomes ActivationFailed, listed for support; a notification
    /// Failed); one that still fails after them (an error no handler expected) is parked and listed for support to retry.
    /// </summary>
    public int MaxAttempts { get; set; } = 12;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Delivers outbox messages. Each message is claimed with a conditional UPDATE (a lease), so several
/// portal instances on one database never process it at once; failures back off exponentially with jitter.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        try
        {
            do
            {
                try
                {
                    while (await DispatchDueAsync(stoppingToken) > 0 && !stoppingToken.IsCancellationRequested)
                    {
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Outbox pass failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever we still hold goes back to the pool at once, not after the lease.
            await ReleaseAsync();
        }
    }

    /// <summary>One pass: claims and processes due messages; returns how many it processed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<long> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>();
            due = await db.Outbox
                .Where(m => m.ProcessedAtUtc == null && m.ParkedAtUtc == null && m.NextAttemptAtUtc <= now && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
                .OrderBy(m => m.NextAttemptAtUtc).Select(m => m.Id).Take(options.Value.BatchSize).ToListAsync(ct);
        }

        var processed = 0;
        foreach (var id in due)
        {
            if (await ClaimAsync(id, ct))
            {
                await ProcessAsync(id, ct);
                processed++;
            }
        }

        return processed;
    }

    private async Task<bool> ClaimAsync(long id, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + options.Value.Lease;
        var claimed = await db.Outbox
            .Where(m => m.Id == id && m.ProcessedAtUtc == null && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, _instance).SetProperty(m => m.LockedUntilUtc, until), ct);
        return claimed == 1;
    }

    private async Task ProcessAsync(long id, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>();
        var message = await db.Outbox.SingleAsync(m => m.Id == id, ct);
        var lastAttempt = message.Attempts + 1 >= options.Value.MaxAttempts;
        string? error;
        try
        {
            (var outcome, error) = message.Type switch
            {
                OutboxMessage.ActivateRenewal => await scope.ServiceProvider.GetRequiredService<IActivationService>().ActivateAsync(message.Payload, lastAttempt, ct),
                OutboxMessage.RefundOrder => await scope.ServiceProvider.GetRequiredService<Core.Payments.RefundService>().RefundUnrenewableAsync(message.Payload, lastAttempt, ct),
                OutboxMessage.SyncCarrier => await scope.ServiceProvider.GetRequiredService<IActivationService>().SyncAsync(message.Payload, ct),
                OutboxMessage.SendNotification => await scope.ServiceProvider.GetRequiredService<Core.Reminders.NotificationSender>().SendAsync(message.Payload, lastAttempt, ct),
                _ => (OutboxOutcome.GaveUp, $"unknown message type {message.Type}"),
            };
            if (outcome == OutboxOutcome.RetryLater)
            {
                message.Failed(error!, Backoff(message.Attempts + 1), options.Value.MaxAttempts, clock.GetUtcNow().UtcDateTime);
            }
            else
            {
                message.Done(clock.GetUtcNow().UtcDateTime);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Outbox message {Id} ({Type} {Payload}) failed", id, message.Type, message.Payload);
            message.Failed(ex.Message, Backoff(message.Attempts + 1), options.Value.MaxAttempts, clock.GetUtcNow().UtcDateTime);
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Exponential back-off capped at MaxDelay, with ±20% jitter so retries of many messages spread out.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var o = options.Value;
        var delay = Math.Min(o.MaxDelay.TotalMilliseconds, o.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(delay * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    private async Task ReleaseAsync()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>();
        await db.Outbox.Where(m => m.LockedBy == _instance && m.ProcessedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, (string?)null).SetProperty(m => m.LockedUntilUtc, (DateTime?)null));
    }
}
