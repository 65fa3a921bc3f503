using Microsoft.Extensions.Localization;
using PosRenewal.Core.Cards;

namespace PosRenewal.Web.Pages;

/// <summary>What to tell a merchant whose ICCID was refused, one specific message per reason.</summary>
public static class IccidMessages
{
    public static string For(IccidError error, string? input, IStringLocalizer<SharedResource> l)
    {
        var length = input is null ? 0 : Iccid.Normalise(input).Length;
        return l[error switch
        {
            IccidError.Empty => "Enter the ICCID printed on the SIM card.",
            IccidError.InvalidCharacters => "An ICCID has only digits (some China Unicom cards also have letters). Remove any other characters.",
            IccidError.TooShort => "This ICCID is too short: it has {0} characters, an ICCID has 19 or 20. Check for a missing digit.",
            IccidError.TooLong => "This ICCID is too long: an ICCID has 19 or 20 characters. Check for an extra digit.",
            IccidError.NotSimIccid => "This is not a SIM card ICCID: a SIM's ICCID starts with 89. Make sure you copied the SIM number, not the terminal serial or IMEI.",
            IccidError.UnknownIssuer => "This ICCID is not from China Mobile, China Unicom or China Telecom, the carriers we renew.",
            IccidError.LettersNotAllowed => "Only some China Unicom ICCIDs contain letters; this one should be digits only. Check for a letter O typed for 0, or I for 1.",
            IccidError.BadCheckDigit => "One of the digits is mistyped (the check digit does not match). Compare each group of four with the SIM card.",
            _ => "This ICCID is not valid.",
        }, length];
    }
}
