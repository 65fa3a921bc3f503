using PosRenewal.Core.Common;
using PosRenewal.Core.Renewals;

namespace PosRenewal.Core.Cards;

/// <summary>A data SIM card inside a POS terminal.</summary>
public class Card : IVersioned
{
    public const int MsisdnMaxLength = 20;
    public const int TerminalSerialMaxLength = 40;

    /// <summary>Days before expiry from which a card counts as "expiring soon".</summary>
    public const int ExpiringSoonDays = 30;

    private Card()
    {
    }

    public Card(Iccid iccid, DateOnly expiryDate, CardStatus status, long dataAllowanceMb, DateTime nowUtc)
    {
        Iccid = iccid.Value;
        Carrier = iccid.Carrier;
        ExpiryDate = expiryDate;
        AnchorDay = expiryDate.Day;
        Status = status;
        DataAllowanceMb = dataAllowanceMb;
        CreatedAtUtc = nowUtc;
        UpdatedAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    /// <summary>The day of the month the card's term ends on (see <see cref="ExpiryRule"/>); set when a term starts.</summary>
    public int AnchorDay { get; private set; }

    /// <summary>The card's paid term: expiry and anchor day.</summary>
    public Term Term => new(ExpiryDate, AnchorDay);

    /// <summary>Normalised ICCID (see <see cref="Cards.Iccid"/>).</summary>
    public string Iccid { get; private set; } = "";

    public Carrier Carrier { get; private set; }

    public string? Msisdn { get; private set; }

    public string? TerminalSerial { get; private set; }

    public long? MerchantId { get; private set; }

    public Merchant? Merchant { get; private set; }

    /// <summary>Stored state; date-driven states are refined by <see cref="EffectiveStatus"/>.</summary>
    public CardStatus Status { get; private set; }

    /// <summary>Last day of service, in China time; the card works through the end of that day.</summary>
    public DateOnly ExpiryDate { get; private set; }

    public long DataUsedMb { get; private set; }

    public long DataAllowanceMb { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    public int Version { get; private set; }

    public string MaskedIccid => Cards.Iccid.Mask(Iccid);

    public void AssignTerminal(Merchant? merchant, string? msisdn, string? terminalSerial, long dataUsedMb)
    {
        Merchant = merchant;
        Msisdn = msisdn;
        TerminalSerial = terminalSerial;
        DataUsedMb = dataUsedMb;
    }

    /// <summary>
    /// An inventory import of a card we already have: terminal, phone number and merchant as given (empty
    /// keeps what we have); the expiry only ever moves later (an old file must not undo paid renewals);
    /// the state stays ours (lifecycle, support). Returns whether anything changed.
    /// </summary>
    public bool UpdateFromInventory(Merchant? merchant, string? msisdn, string? terminalSerial, DateOnly expiry, DateTime nowUtc)
    {
        var changed = false;
        if (merchant is not null && merchant.Id != MerchantId)
        {
            Merchant = merchant;
            MerchantId = merchant.Id;
            changed = true;
        }

        if (msisdn is not null && msisdn != Msisdn)
        {
            Msisdn = msisdn;
            changed = true;
        }

        if (terminalSerial is not null && terminalSerial != TerminalSerial)
        {
            TerminalSerial = terminalSerial;
            changed = true;
        }

        if (expiry > ExpiryDate)
        {
            ExpiryDate = expiry;
            AnchorDay = expiry.Day;
            changed = true;
        }

        if (changed)
        {
            UpdatedAtUtc = nowUtc;
        }

        return changed;
    }

    /// <summary>Days of service left after today (0 = today is the last day, negative = expired).</summary>
    public int DaysLeft(DateOnly today) => ExpiryDate.DayNumber - today.DayNumber;

    /// <summary>
    /// The state to show today. Suspended and expired cards stay so until a renewal is activated on the
    /// carrier (a paid renewal moves the expiry at once, but service only returns with activation).
    /// </summary>
    public CardStatus EffectiveStatus(DateOnly today) => Status switch
    {
        CardStatus.Deactivated or CardStatus.Suspended or CardStatus.Expired => Status,
        _ when DaysLeft(today) < 0 => CardStatus.Expired,
        _ when DaysLeft(today) <= ExpiringSoonDays => CardStatus.ExpiringSoon,
        _ => CardStatus.Active,
    };

    /// <summary>A deactivated card has been returned to the carrier and cannot be renewed online.</summary>
    public bool CanRenewOnline => Status != CardStatus.Deactivated;

    /// <summary>Support suspends a card (e.g. at the carrier's request); it stays renewable.</summary>
    public void Suspend(DateTime nowUtc)
    {
        if (Status is CardStatus.Deactivated or CardStatus.Suspended)
        {
            throw new InvalidOperationException($"Card {MaskedIccid} is {Status}; it cannot be suspended.");
        }

        Status = CardStatus.Suspended;
        HeldBySupport = true;
        UpdatedAtUtc = nowUtc;
    }

    /// <summary>Suspended by support (not for arrears): a paid renewal does not lift it; only support's Resume does.</summary>
    public bool HeldBySupport { get; private set; }

    public void Resume(DateTime nowUtc)
    {
        if (Status != CardStatus.Suspended)
        {
            throw new InvalidOperationException($"Card {MaskedIccid} is {Status}; only a suspended card can be resumed.");
        }

        Status = CardStatus.Active;
        HeldBySupport = false;
        UpdatedAtUtc = nowUtc;
    }

    /// <summary>The lifecycle job's move to the state the expiry date calls for (see <c>CardLifecycle.Due</c>).</summary>
    public void MoveTo(CardStatus status, DateTime nowUtc)
    {
        Status = status;
        UpdatedAtUtc = nowUtc;
    }

    /// <summary>
    /// Sets the term a refund leaves: the one the remaining renewals give, replayed from before the refunded one
    /// (<see cref="RenewalOrder.MarkRefunded"/>).
    /// </summary>
    public ExpiryChange SetTerm(Term term, DateTime nowUtc)
    {
        var change = new ExpiryChange(ExpiryDate, term.Expiry);
        (ExpiryDate, AnchorDay) = (term.Expiry, term.AnchorDay);
        UpdatedAtUtc = nowUtc;
        return change;
    }

    /// <summary>
    /// A renewal became active on the carrier: a card suspended for arrears (or expired) gets service back, in the state
    /// its new expiry calls for. One held by support stays suspended until support resumes it: a payment does not
    /// overrule their decision (docs/product.md). Returns false when nothing changed.
    /// </summary>
    public bool RestoreService(DateOnly today, DateTime nowUtc)
    {
        if (Status is not (CardStatus.Suspended or CardStatus.Expired) || HeldBySupport || DaysLeft(today) < 0)
        {
            return false;
        }

        Status = DaysLeft(today) <= ExpiringSoonDays ? CardStatus.ExpiringSoon : CardStatus.Active;
        UpdatedAtUtc = nowUtc;
        return true;
    }

    /// <summary>Applies a paid renewal: moves the expiry by the term. Service returns when the carrier activates it (<see cref="RestoreService"/>).</summary>
    public ExpiryChange ExtendBy(int termMonths, DateOnly today, DateTime nowUtc)
    {
        if (!CanRenewOnline)
        {
            throw new InvalidOperationException($"Card {MaskedIccid} is deactivated and cannot be extended.");
        }

        var renewed = ExpiryRule.Renew(Term, today, termMonths);
        var change = new ExpiryChange(ExpiryDate, renewed.Expiry);
        (ExpiryDate, AnchorDay) = (renewed.Expiry, renewed.AnchorDay);
        UpdatedAtUtc = nowUtc;
        return change;
    }
}

/// <summary>Expiry before and after a change.</summary>
public readonly record struct ExpiryChange(DateOnly Before, DateOnly After);
