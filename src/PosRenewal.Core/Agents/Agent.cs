using PosRenewal.Core.Common;

namespace PosRenewal.Core.Agents;

public enum FeeKind
{
    Flat = 1,
    Percent = 2,
}

/// <summary>A reseller (代理商) serving merchants: renews on their behalf for a service fee, from a prepaid balance or through a gateway.</summary>
public class Agent : IVersioned
{
    public const int NameMaxLength = 100;

    private Agent()
    {
    }

    public Agent(string name, FeeKind feeKind, decimal feeValue)
    {
        Name = name;
        SetFee(feeKind, feeValue);
    }

    public long Id { get; private set; }

    public string Name { get; private set; } = "";

    public FeeKind FeeKind { get; private set; }

    /// <summary>Yuan for a flat fee, percent of the package price for a percentage fee.</summary>
    public decimal FeeValue { get; private set; }

    /// <summary>Where the agent's copies of their merchants' reminders and the daily digest go; none without it.</summary>
    public string? ContactEmail { get; private set; }

    public string Language { get; private set; } = Cards.Merchant.DefaultLanguage;

    /// <summary>Prepaid balance; every change is a <see cref="LedgerEntry"/>. Never below zero.</summary>
    public Money Balance { get; private set; }

    public int Version { get; private set; }

    public void SetContact(string? email, string language)
    {
        ContactEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        Language = language;
    }

    public void SetFee(FeeKind kind, decimal value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (kind == FeeKind.Percent)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100m);
        }

        FeeKind = kind;
        FeeValue = value;
    }

    /// <summary>The service fee on a package price: flat, or a percentage rounded to the fen (half away from zero).</summary>
    public Money FeeFor(Money price) => FeeKind == FeeKind.Flat
        ? new Money(decimal.Round(FeeValue, Money.Scale, MidpointRounding.AwayFromZero))
        : new Money(decimal.Round(price.Amount * FeeValue / 100m, Money.Scale, MidpointRounding.AwayFromZero));

    public LedgerEntry TopUp(Money amount, string by, DateTime nowUtc)
    {
        if (amount == Money.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "A top-up must be more than zero.");
        }

        Balance += amount;
        return new LedgerEntry(this, amount.Amount, LedgerKind.TopUp, null, by, nowUtc);
    }

    /// <summary>Gives a refunded renewal's amount back to the balance.</summary>
    public LedgerEntry Refund(Money amount, string orderNo, string by, DateTime nowUtc)
    {
        Balance += amount;
        return new LedgerEntry(this, amount.Amount, LedgerKind.Refund, orderNo, by, nowUtc);
    }

    /// <summary>
    /// Undoes a top-up (entered by mistake, or the transfer bounced) with a new, opposite entry: the ledger is
    /// never edited. Null (and no change) when the entry is not a top-up or the balance no longer covers it.
    /// </summary>
    public LedgerEntry? Reverse(LedgerEntry topUp, string by, DateTime nowUtc)
    {
        var amount = new Money(topUp.Amount);
        if (topUp.Kind != LedgerKind.TopUp || topUp.AgentId != Id || Balance.CompareTo(amount) < 0)
        {
            return null;
        }

        Balance -= amount;
        return new LedgerEntry(this, -topUp.Amount, LedgerKind.Reversal, null, by, nowUtc) { ReversesEntryId = topUp.Id };
    }

    /// <summary>Charges a renewal to the balance; false (and no change) when the balance is too low.</summary>
    public bool TryDebit(Money amount, string orderNo, string by, DateTime nowUtc, out LedgerEntry? entry)
    {
        entry = null;
        if (Balance.CompareTo(amount) < 0)
        {
            return false;
        }

        Balance -= amount;
        entry = new LedgerEntry(this, -amount.Amount, LedgerKind.Debit, orderNo, by, nowUtc);
        return true;
    }
}

public enum LedgerKind
{
    TopUp = 1,
    Debit = 2,
    Refund = 3,

    /// <summary>Undoes a top-up; points at it by <see cref="LedgerEntry.ReversesEntryId"/>.</summary>
    Reversal = 4,
}

/// <summary>One movement of an agent's prepaid balance (append-only).</summary>
public class LedgerEntry
{
    public const int ByMaxLength = 256;

    private LedgerEntry()
    {
    }

    internal LedgerEntry(Agent agent, decimal amount, LedgerKind kind, string? orderNo, string by, DateTime nowUtc)
    {
        Agent = agent;
        Amount = amount;
        Kind = kind;
        OrderNo = orderNo;
        BalanceAfter = agent.Balance;
        By = by.Length > ByMaxLength ? by[..ByMaxLength] : by;
        CreatedAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    public long AgentId { get; private set; }

    public Agent Agent { get; private set; } = null!;

    /// <summary>Signed: positive for top-ups and refunds, negative for debits.</summary>
    public decimal Amount { get; private set; }

    public LedgerKind Kind { get; private set; }

    public string? OrderNo { get; private set; }

    /// <summary>For a reversal, the top-up it undoes (unique: a top-up is reversed at most once).</summary>
    public long? ReversesEntryId { get; internal init; }

    public Money BalanceAfter { get; private set; }

    public string By { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }
}
