using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Packages;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Common;

/// <summary>The unit of work the service layer uses; implemented by the EF Core DbContext.</summary>
public interface IPosRenewalDb
{
    DbSet<Card> Cards { get; }

    DbSet<Agent> Agents { get; }

    DbSet<LedgerEntry> LedgerEntries { get; }

    DbSet<Merchant> Merchants { get; }

    DbSet<Package> Packages { get; }

    DbSet<RenewalOrder> Orders { get; }
    DbSet<Batches.RenewalBatch> Batches { get; }

    DbSet<PaymentAttempt> PaymentAttempts { get; }

    DbSet<PaymentNotification> PaymentNotifications { get; }

    DbSet<Audit.AuditEntry> AuditEntries { get; }

    DbSet<Outbox.OutboxMessage> Outbox { get; }

    DbSet<Stickers.RenewalSticker> Stickers { get; }

    DbSet<Reminders.Notification> Notifications { get; }

    DbSet<Promotions.Promotion> Promotions { get; }

    DbSet<Imports.CardImport> CardImports { get; }

    DbSet<Imports.CardImportError> CardImportErrors { get; }

    DbSet<Imports.CardImportFile> CardImportFiles { get; }

    DatabaseFacade Database { get; }

    /// <summary>The mapping (tables, columns, converters), for the set-based writes of <see cref="BulkSql"/>.</summary>
    Microsoft.EntityFrameworkCore.Metadata.IModel Model { get; }

    ChangeTracker ChangeTracker { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
