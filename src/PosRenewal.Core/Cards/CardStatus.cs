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

public static class CardStatusOrder
{
    /// <summary>
    /// How urgently a card needs its owner, for lists: out of service first, then about to lapse, then fine; a
    /// deactivated card cannot be renewed online (nothing to do here), so last.
    /// </summary>
    public static int Urgency(this CardStatus status) => status switch
    {
        CardStatus.Suspended => 0,
        CardStatus.Expired => 1,
        CardStatus.ExpiringSoon => 2,
        CardStatus.Active => 3,
        _ => 4,
    };
}
