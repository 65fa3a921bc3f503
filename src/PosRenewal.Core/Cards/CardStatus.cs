namespace PosRenewal.Core.Cards;

/// <summary>A card's state as the merchant sees it.</summary>
public enum CardStatus
{
    Active = 1,
    ExpiringSoon = 2,
    Expired = 3,
    Suspended = 4,
    Deactivated = 5,
}
