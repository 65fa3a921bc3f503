using PosRenewal.Core.Audit;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.UnitTests;

public class AuditDetailsTests
{
    [Fact]
    public void Does_store_fields_without_culture_and_leave_out_the_empty_ones()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE"); // a decimal comma must not leak in
            var text = AuditDetails.Of(
                (AuditField.Balance, new Money(1234.5m)), (AuditField.Expiry, new DateOnly(2027, 3, 10)), (AuditField.CardState, CardStatus.ExpiringSoon),
                (AuditField.StickerIssued, new DateTime(2026, 12, 1, 16, 30, 0, DateTimeKind.Utc)), (AuditField.PercentFee, 2.5m), (AuditField.Sms, true),
                (AuditField.Code, null), (AuditField.Name, "包年 1.2GB"));

            Assert.Equal(
                """{"balance":"1234.50","expiry":"2027-03-10","cardState":"ExpiringSoon","stickerIssued":"2026-12-01T16:30:00Z","percentFee":"2.5","sms":"on","name":"包年 1.2GB"}""",
                text);
            Assert.Equal(
                [new("balance", "1234.50"), new("expiry", "2027-03-10"), new("cardState", "ExpiringSoon"), new("stickerIssued", "2026-12-01T16:30:00Z"),
                    new("percentFee", "2.5"), new("sms", "on"), new KeyValuePair<string, string>("name", "包年 1.2GB")],
                AuditDetails.Read(text));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("ICBC transfer 0042")]
    [InlineData("{not json")]
    [InlineData("{\"nested\":{\"a\":1}}")]
    [InlineData(null)]
    public void Does_read_anything_else_as_text_a_person_typed(string? text) => Assert.Null(AuditDetails.Read(text));
}
