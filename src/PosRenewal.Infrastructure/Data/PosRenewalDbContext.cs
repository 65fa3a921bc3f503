using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure.Identity;

namespace PosRenewal.Infrastructure.Data;

/// <summary>The portal's database: renewal data and ASP.NET Core Identity's tables.</summary>
public class PosRenewalDbContext(DbContextOptions<PosRenewalDbContext> options)
    : IdentityDbContext<AppUser>(options), IPosRenewalDb, Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    /// <summary>The data-protection key ring (sign-in and antiforgery cookies), shared by every instance on this database.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys =>
        Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    public DbSet<Card> Cards => Set<Card>();

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<Merchant> Merchants => Set<Merchant>();

    public DbSet<Package> Packages => Set<Package>();

    public DbSet<RenewalOrder> Orders => Set<RenewalOrder>();

    public DbSet<Core.Batches.RenewalBatch> Batches => Set<Core.Batches.RenewalBatch>();

    public DbSet<PaymentAttempt> PaymentAttempts => Set<PaymentAttempt>();

    public DbSet<PaymentNotification> PaymentNotifications => Set<PaymentNotification>();

    public DbSet<Core.Audit.AuditEntry> AuditEntries => Set<Core.Audit.AuditEntry>();

    public DbSet<Core.Outbox.OutboxMessage> Outbox => Set<Core.Outbox.OutboxMessage>();

    public DbSet<Core.Stickers.RenewalSticker> Stickers => Set<Core.Stickers.RenewalSticker>();

    public DbSet<Core.Reminders.Notification> Notifications => Set<Core.Reminders.Notification>();

    public DbSet<Core.Promotions.Promotion> Promotions => Set<Core.Promotions.Promotion>();

    public DbSet<Core.Imports.CardImport> CardImports => Set<Core.Imports.CardImport>();

    public DbSet<Core.Imports.CardImportError> CardImportErrors => Set<Core.Imports.CardImportError>();

    public DbSet<Core.Imports.CardImportFile> CardImportFiles => Set<Core.Imports.CardImportFile>();

    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        using (Versions.Bump(ChangeTracker))
        {
            return await base.SaveChangesAsync(cancellationToken);
        }
    }

    public override int SaveChanges()
    {
        using (Versions.Bump(ChangeTracker))
        {
            return base.SaveChanges();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PosRenewalDbContext).Assembly, type => !Simulators.SimulatorDbContext.Owns(type));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Money>()
            .HaveConversion<MoneyConverter>()
            .HavePrecision(Money.Precision, Money.Scale);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<Carrier>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<CardStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Batches.BatchStatus>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<OrderStatus>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<PaymentAttemptStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<PaymentMode>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<NotificationOutcome>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<FeeKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<LedgerKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Imports.ImportMode>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Imports.ImportStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Promotions.PromotionKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Reminders.NotificationChannel>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Reminders.NotificationStatus>().HaveConversion<string>().HaveMaxLength(16);
    }
}

/// <summary>
/// The application, not the database, increments the concurrency token, so the same
/// "UPDATE ... WHERE Version = @original" check works on SQLite and SQL Server.
/// </summary>
internal static class Versions
{
    /// <summary>
    /// Finds the changes once, bumps the version of every modified entity, and keeps EF from looking for changes again
    /// until the returned scope ends (around the save): otherwise listing the entries here, the card-page interceptor and
    /// the save itself each compared every tracked entity with its snapshot.
    /// </summary>
    public static DetectionPaused Bump(ChangeTracker changes)
    {
        changes.DetectChanges();
        var paused = new DetectionPaused(changes, changes.AutoDetectChangesEnabled);
        changes.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in changes.Entries<IVersioned>())
            {
                if (entry.State == EntityState.Modified)
                {
                    var version = entry.Property(nameof(IVersioned.Version));
                    version.CurrentValue = (int)version.OriginalValue! + 1;
                }
            }

            return paused;
        }
        catch
        {
            paused.Dispose();
            throw;
        }
    }

    public readonly struct DetectionPaused(ChangeTracker changes, bool detect) : IDisposable
    {
        public void Dispose() => changes.AutoDetectChangesEnabled = detect;
    }
}
