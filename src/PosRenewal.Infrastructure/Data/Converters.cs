using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PosRenewal.Core.Common;

namespace PosRenewal.Infrastructure.Data;

internal sealed class MoneyConverter() : ValueConverter<Money, decimal>(m => m.Amount, d => new Money(d));

/// <summary>
/// Times are stored in UTC; this makes them come back marked as UTC on both providers. A time without a kind is taken
/// as UTC (the portal makes no other), never as the server's local time, so no result depends on the server's zone.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
