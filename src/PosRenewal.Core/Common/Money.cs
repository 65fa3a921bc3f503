using System.Globalization;

namespace PosRenewal.Core.Common;

/// <summary>An amount of CNY with exactly two decimal places; never negative.</summary>
public readonly record struct Money : IComparable<Money>
{
    public const int Precision = 18;
    public const int Scale = 2;

    /// <summary>The one currency the portal takes, as gateways name it.</summary>
    public const string Currency = "CNY";

    public Money(decimal amount)
    {
        if (amount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "Money cannot be negative.");
        }

        if (decimal.Round(amount, Scale) != amount)
        {
            throw new ArgumentException($"Money has at most {Scale} decimal places: {amount}.", nameof(amount));
        }

        Amount = decimal.Round(amount, Scale);
    }

    public static Money Zero => new(0m);

    public decimal Amount { get; }

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount);

    /// <summary>Subtraction floors at zero: a discount never makes a price negative.</summary>
    public static Money operator -(Money a, Money b) => new(Math.Max(0m, a.Amount - b.Amount));

    public int CompareTo(Money other) => Amount.CompareTo(other.Amount);

    /// <summary>Fixed two-decimal form used on the wire to gateways ("12.30").</summary>
    public string ToWire() => Amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static bool TryParseWire(string? s, out Money money)
    {
        money = Zero;
        if (s is null || !decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            || decimal.Round(d, Scale) != d)
        {
            return false;
        }

        money = new Money(d);
        return true;
    }

    public override string ToString() => "¥" + ToWire();
}
