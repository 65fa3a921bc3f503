namespace PosRenewal.Core.Cards;

/// <summary>The mobile network operator that issued a SIM card.</summary>
public enum Carrier
{
    ChinaMobile = 1,
    ChinaUnicom = 2,
    ChinaTelecom = 3,
}
