using PosRenewal.Core.Cards;

namespace PosRenewal.Core.Carriers;

/// <summary>
/// A renewal to apply on the carrier's platform. The expiry is absolute and the request id is ours, so
/// applying the same request again (a retry, a duplicate) cannot extend the card twice.
/// </summary>
public sealed record CarrierRenewal(string RequestId, string Iccid, DateOnly NewExpiry, long BonusDataMb);

/// <summary>The carrier's answer to a command: applied now, or already applied earlier under the same request id.</summary>
public sealed record CarrierResult(bool Duplicate);

/// <summary>A card as the carrier's platform sees it.</summary>
public sealed record CarrierCardStatus(string Iccid, string State, DateOnly? Expiry, long DataUsedMb);

/// <summary>The carrier platform could not be reached or failed (timeout, 5xx): the command may be retried.</summary>
public sealed class CarrierUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One carrier's platform. Commands are idempotent on their request id; transport failures throw <see cref="CarrierUnavailableException"/>.</summary>
public interface ICarrierPlatform
{
    Carrier Carrier { get; }

    Task<CarrierResult> ApplyRenewalAsync(CarrierRenewal renewal, CancellationToken ct);

    /// <summary>Live status and usage, or null when the carrier does not know the card.</summary>
    Task<CarrierCardStatus?> GetCardAsync(string iccid, CancellationToken ct);

    Task<CarrierResult> SuspendAsync(string iccid, string requestId, CancellationToken ct);

    Task<CarrierResult> ResumeAsync(string iccid, string requestId, CancellationToken ct);
}
