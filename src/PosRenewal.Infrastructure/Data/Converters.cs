using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PosRenewal.Core.Common;

namespace PosRenewal.Infrastructure.Data;

internal sealed class MoneyConverter() : ValueConverter<Money, decimal>(m => m.Amount, d => new Money(d));

/// <summary>Times are stored in UTC; this makes them come back marked as UTC on both providers.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
