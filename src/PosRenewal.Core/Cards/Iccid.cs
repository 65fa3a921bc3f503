using System.Diagnostics.CodeAnalysis;

namespace PosRenewal.Core.Cards;

/// <summary>Why a typed ICCID was refused; each has its own message for the merchant.</summary>
public enum IccidError
{
    Empty,
    InvalidCharacters,
    TooShort,
    TooLong,
    NotSimIccid,
    UnknownIssuer,
    LettersNotAllowed,
    BadCheckDigit,
}

public static class IccidErrors
{
    /// <summary>
    /// The message for a refused ICCID (English; also the resource key of its translation). The
    /// "too short" one has a {0} placeholder for the number of characters typed.
    /// </summary>
    public static string Message(this IccidError error) => error switch
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
    };

    /// <summary>The message with the placeholder filled in (for logs and import reports).</summary>
    public static string Describe(this IccidError error, string? input) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, error.Message(), input is null ? 0 : Iccid.Normalise(input).Length);
}

/// <summary>A SIM card's ICCID, normalised and validated (ITU-T E.118 plus Chinese issuer rules).</summary>
public sealed record Iccid
{
    public const int MinLength = 19;
    public const int MaxLength = 20;

    /// <summary>Longest raw input we even look at; anything longer is refused before normalising.</summary>
    public const int MaxInputLength = 64;

    // Issuer prefixes (89 + 86 + issuer code) and the carrier each belongs to.
    private static readonly Dictionary<string, Carrier> Issuers = new()
    {
        ["898600"] = Carrier.ChinaMobile,
        ["898602"] = Carrier.ChinaMobile,
        ["898604"] = Carrier.ChinaMobile,
        ["898607"] = Carrier.ChinaMobile,
        ["898601"] = Carrier.ChinaUnicom,
        ["898606"] = Carrier.ChinaUnicom,
        ["898609"] = Carrier.ChinaUnicom,
        ["898603"] = Carrier.ChinaTelecom,
        ["898611"] = Carrier.ChinaTelecom,
    };

    // Only these Unicom issuers print letters in the account part of the ICCID.
    private static readonly HashSet<string> LetterIssuers = ["898601", "898606", "898609"];

    private Iccid(string value, Carrier carrier)
    {
        Value = value;
        Carrier = carrier;
    }

    public string Value { get; }

    public Carrier Carrier { get; }

    /// <summary>The last four characters, the only part shown in logs and on masked displays.</summary>
    public string LastFour => Value[^4..];

    /// <summary>For log lines: everything but the last four characters hidden.</summary>
    public string Masked => Mask(Value);

    /// <summary>Groups of four for reading aloud and checking against the SIM.</summary>
    public string Grouped => Group(Value);

    public override string ToString() => Value;

    /// <summary>An ICCID in groups of four, as printed on the SIM, for checking digit by digit.</summary>
    public static string Group(string value) => string.Join(' ', value.Chunk(4).Select(c => new string(c)));

    public static string Mask(string value) =>
        value.Length <= 4 ? value : new string('*', value.Length - 4) + value[^4..];

    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Upper-cases, strips spaces, dashes and a reader's trailing F padding.</summary>
    public static string Normalise(string input)
    {
        // NFKC turns what a Chinese phone keyboard types in full width (０-９, Ａ-Ｚ, the ideographic space,
        // the full-width hyphen) into plain ASCII, so it is read, not refused. Plain ASCII letters and digits (most
        // input, and every line of an inventory file) need none of that.
        var s = !input.AsSpan().ContainsAnyExcept(AsciiLettersAndDigits)
            ? input.ToUpperInvariant()
            : new string(input.Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '\u2010' and not '\u2013')
                .Select(char.ToUpperInvariant)
                .ToArray());
        // Card readers pad a 19-digit ICCID to 20 BCD nibbles with F. Only strip it from an
        // otherwise numeric value, so a Unicom letter-form ICCID ending in F is left alone.
        while (s.Length > MinLength && s.EndsWith('F') && s[..^1].All(char.IsAsciiDigit))
        {
            s = s[..^1];
        }

        return s;
    }

    public static bool TryParse(string? input, [NotNullWhen(true)] out Iccid? iccid, out IccidError error)
    {
        iccid = null;
        error = default;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = IccidError.Empty;
            return false;
        }

        if (input.Length > MaxInputLength)
        {
            error = IccidError.TooLong;
            return false;
        }

        var s = Normalise(input);
        if (s.Length == 0)
        {
            error = IccidError.Empty;
            return false;
        }

        if (!s.All(char.IsAsciiLetterOrDigit))
        {
            error = IccidError.InvalidCharacters;
            return false;
        }

        if (!s.StartsWith("89", StringComparison.Ordinal))
        {
            error = IccidError.NotSimIccid;
            return false;
        }

        if (s.Length < MinLength)
        {
            error = IccidError.TooShort;
            return false;
        }

        if (s.Length > MaxLength)
        {
            error = IccidError.TooLong;
            return false;
        }

        if (!s.StartsWith("8986", StringComparison.Ordinal) || !Issuers.TryGetValue(s[..6], out var carrier))
        {
            error = s[..6].All(char.IsAsciiDigit) ? IccidError.UnknownIssuer : IccidError.NotSimIccid;
            return false;
        }

        var allDigits = s.All(char.IsAsciiDigit);
        if (!allDigits)
        {
            if (!LetterIssuers.Contains(s[..6]))
            {
                error = IccidError.LettersNotAllowed;
                return false;
            }
        }
        else if (!PassesLuhn(s))
        {
            error = IccidError.BadCheckDigit;
            return false;
        }

        iccid = new Iccid(s, carrier);
        return true;
    }

    /// <summary>For values that were validated before (database rows, route values already checked).</summary>
    public static Iccid Parse(string input) =>
        TryParse(input, out var iccid, out var error)
            ? iccid
            : throw new FormatException($"Not a valid ICCID ({error}).");

    /// <summary>Luhn (mod 10) over all digits; the last digit is the check digit.</summary>
    public static bool PassesLuhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    /// <summary>The check digit that makes <paramref name="body"/> + digit pass Luhn (for seeding and tests).</summary>
    public static char LuhnCheckDigit(string body)
    {
        for (var d = '0'; d <= '9'; d++)
        {
            if (PassesLuhn(body + d))
            {
                return d;
            }
        }

        throw new InvalidOperationException("unreachable");
    }
}
