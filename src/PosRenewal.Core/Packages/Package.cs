using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Packages;

/// <summary>A renewal package a carrier's cards can buy: a term, a data allowance and a price.</summary>
public class Package
{
    public const int CodeMaxLength = 32;
    public const int NameMaxLength = 100;

    private Package()
    {
    }

    public Package(string code, Carrier carrier, string name, int termMonths, long dataAllowanceMb, Money price, string? nameEn = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(termMonths, 1);
        Code = code;
        Carrier = carrier;
        Name = name;
        NameEn = nameEn ?? name;
        TermMonths = termMonths;
        DataAllowanceMb = dataAllowanceMb;
        Price = price;
        IsActive = true;
    }

    public long Id { get; private set; }

    public string Code { get; private set; } = "";

    public Carrier Carrier { get; private set; }

    /// <summary>The name in Chinese, as payers see it at the gateway too: "包年 1.2GB".</summary>
    public string Name { get; private set; } = "";

    /// <summary>The name on English pages: "Annual 1.2GB".</summary>
    public string NameEn { get; private set; } = "";

    public int TermMonths { get; private set; }

    public long DataAllowanceMb { get; private set; }

    public Money Price { get; private set; }

    /// <summary>Offered for new renewals; a retired package stays for the orders that snapshot it.</summary>
    public bool IsActive { get; private set; }

    /// <summary>Position on the card page within its carrier (smaller first; then by term).</summary>
    public int SortOrder { get; private set; }

    /// <summary>Changes what new orders get; existing orders keep the name, term, allowance and price they were placed with.</summary>
    public void Edit(string name, string nameEn, long dataAllowanceMb, Money price, int sortOrder)
    {
        Name = name;
        NameEn = nameEn;
        DataAllowanceMb = dataAllowanceMb;
        Price = price;
        SortOrder = sortOrder;
    }

    public void Retire() => IsActive = false;

    public void Reinstate() => IsActive = true;
}
