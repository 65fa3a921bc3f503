using Microsoft.Extensions.Localization;
using PosRenewal.Core.Cards;

namespace PosRenewal.Web.Pages;

/// <summary>What to tell a merchant whose ICCID was refused, one specific message per reason.</summary>
public static class IccidMessages
{
    public static string For(IccidError error, string? input, IStringLocalizer<SharedResource> l)
    {
        var length = input is null ? 0 : Iccid.Normalise(input).Length;
        return l[error.Message(), length];
    }
}
