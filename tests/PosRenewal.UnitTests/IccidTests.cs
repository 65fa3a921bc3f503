using PosRenewal.Core.Cards;

namespace PosRenewal.UnitTests;

public class IccidTests
{
    // 8986 0025 0000 1234 567 + check digit 6 (Luhn), China Mobile.
    private const string Valid = "89860025000012345676";

    [Theory]
    [InlineData("89860025000012345676")]
    [InlineData("8986 0025 0000 1234 5676")]
    [InlineData("8986-0025-0000-1234-5676")]
    [InlineData("  8986002500001234567 6 ")]
    [InlineData("８９８６００２５００００１２３４５６７６")]
    [InlineData("８９８６　００２５　００００　１２３４　５６７６")]
    [InlineData("8986－0025－0000－1234－5676")]
    public void Does_normalise_spaces_and_dashes_when_parsing(string input)
    {
        Assert.True(Iccid.TryParse(input, out var iccid, out _));
        Assert.Equal(Valid, iccid.Value);
    }

    [Fact]
    public void Does_strip_a_readers_trailing_F_padding_when_parsing_a_19_digit_iccid()
    {
        var nineteen = "898600250000123456";
        var full = nineteen + Iccid.LuhnCheckDigit(nineteen);
        Assert.True(Iccid.TryParse(full + "F", out var iccid, out _));
        Assert.Equal(full, iccid.Value);
        Assert.True(Iccid.TryParse(full + "f", out iccid, out _));
        Assert.Equal(full, iccid.Value);
    }

    [Fact]
    public void Does_upper_case_letters_when_parsing_a_unicom_letter_iccid()
    {
        Assert.True(Iccid.TryParse("89860117a0b1c2d3e4f5", out var iccid, out _));
        Assert.Equal("89860117A0B1C2D3E4F5", iccid.Value);
        Assert.Equal(Carrier.ChinaUnicom, iccid.Carrier);
    }

    [Theory]
    [InlineData("898600", Carrier.ChinaMobile)]
    [InlineData("898602", Carrier.ChinaMobile)]
    [InlineData("898604", Carrier.ChinaMobile)]
    [InlineData("898607", Carrier.ChinaMobile)]
    [InlineData("898601", Carrier.ChinaUnicom)]
    [InlineData("898606", Carrier.ChinaUnicom)]
    [InlineData("898609", Carrier.ChinaUnicom)]
    [InlineData("898603", Carrier.ChinaTelecom)]
    [InlineData("898611", Carrier.ChinaTelecom)]
    public void Does_derive_the_carrier_from_the_issuer_prefix(string prefix, Carrier carrier)
    {
        var body = prefix + "1234567890123";
        Assert.True(Iccid.TryParse(body + Iccid.LuhnCheckDigit(body), out var iccid, out var error), error.ToString());
        Assert.Equal(carrier, iccid.Carrier);
    }

    [Theory]
    [InlineData("", IccidError.Empty)]
    [InlineData("   ", IccidError.Empty)]
    [InlineData(" - - ", IccidError.Empty)]
    [InlineData("8986002500001234", IccidError.TooShort)]
    [InlineData("898600250000123456761", IccidError.TooLong)]
    [InlineData("12345678901234567890", IccidError.NotSimIccid)]
    [InlineData("86860025000012345676", IccidError.NotSimIccid)]
    [InlineData("8986002500001234567_", IccidError.InvalidCharacters)]
    [InlineData("89860025000012345677", IccidError.BadCheckDigit)]
    [InlineData("89860025000012345666", IccidError.BadCheckDigit)]
    [InlineData("89440025000012345676", IccidError.UnknownIssuer)]
    [InlineData("89860525000012345676", IccidError.UnknownIssuer)]
    [InlineData("89860025A00012345676", IccidError.LettersNotAllowed)]
    [InlineData("89860325A00012345676", IccidError.LettersNotAllowed)]
    public void Does_refuse_with_a_specific_reason_when_the_iccid_is_invalid(string input, IccidError expected)
    {
        Assert.False(Iccid.TryParse(input, out var iccid, out var error));
        Assert.Null(iccid);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Does_refuse_an_oversized_input_before_normalising()
    {
        Assert.False(Iccid.TryParse(new string('8', 10_000), out _, out var error));
        Assert.Equal(IccidError.TooLong, error);
    }

    [Theory]
    [InlineData("898606")]
    [InlineData("898609")]
    public void Does_accept_letters_without_luhn_for_unicom_letter_issuers(string prefix)
    {
        Assert.True(Iccid.TryParse(prefix + "17ZZ0B1C2D3E4F", out var iccid, out _));
        Assert.Equal(Carrier.ChinaUnicom, iccid.Carrier);
    }

    [Fact]
    public void Does_detect_every_single_digit_typo_with_the_check_digit()
    {
        for (var position = 0; position < Valid.Length; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit == Valid[position])
                {
                    continue;
                }

                var typo = Valid[..position] + digit + Valid[(position + 1)..];
                Assert.False(Iccid.TryParse(typo, out _, out _), $"accepted typo {typo}");
            }
        }
    }

    [Fact]
    public void Does_mask_all_but_the_last_four_characters()
    {
        var iccid = Iccid.Parse(Valid);
        Assert.Equal("****************5676", iccid.Masked);
        Assert.Equal("8986 0025 0000 1234 5676", iccid.Grouped);
    }
}
