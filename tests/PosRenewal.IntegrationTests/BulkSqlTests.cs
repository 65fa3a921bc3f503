using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// A row written set-based (<see cref="BulkSql.InsertAsync{T}"/>, the import and the daily job) is stored exactly as EF
/// stores the same entity: the same text for times and dates, flags and enums, the same nulls. Text compares and sorts
/// in SQLite, so a time written in another format would put that row out of order.
/// </summary>
public class BulkSqlTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly DateTime Created = new DateTime(2026, 12, 1, 8, 30, 15, DateTimeKind.Utc).AddTicks(1234567);

    private static string NewIccid(int n)
    {
        var body = "8986032" + (Environment.ProcessId % 1000).ToString("D3", CultureInfo.InvariantCulture) + n.ToString("D9", CultureInfo.InvariantCulture);
        return body + Iccid.LuhnCheckDigit(body);
    }

    [Fact]
    public async Task Does_store_every_column_of_a_card_and_a_merchant_as_ef_stores_it()
    {
        // Quotes, a backslash and Chinese in the name; no phone; reminders in English by e-mail only.
        static Merchant NewMerchant()
        {
            var merchant = new Merchant("批量 \"写入\" 商户 C:\\店", null);
            merchant.SetReminders("shop@example.com", bySms: false, byEmail: true, "en-US");
            return merchant;
        }

        // Held by support (a true flag), no merchant, no phone; a time with every digit of its ticks, and one with none.
        static Card NewCard(int n, DateTime created)
        {
            var card = new Card(Iccid.Parse(NewIccid(n)), new DateOnly(2027, 3, 31), CardStatus.Active, 1024, created);
            card.Suspend(created);
            return card;
        }

        var (byEf, bySql) = await portal.WithDbAsync(async db =>
        {
            var (merchant, cardA, cardB) = (NewMerchant(), NewCard(1, Created), NewCard(3, Created.AddTicks(-1234567)));
            db.AddRange(merchant, cardA, cardB);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            var merchantIds = await db.InsertAsync([NewMerchant()], default);
            var cardIds = await db.InsertAsync([NewCard(2, Created), NewCard(4, Created.AddTicks(-1234567))], default);
            return (new[] { merchant.Id, cardA.Id, cardB.Id }, merchantIds.Concat(cardIds.Order()).ToArray());
        });

        await portal.WithDbAsync(async db =>
        {
            var (efMerchant, sqlMerchant) = (await RowAsync(db, "Merchants", byEf[0]), await RowAsync(db, "Merchants", bySql[0]));
            Assert.Equal(efMerchant.Where(c => c.Key != "Id"), sqlMerchant.Where(c => c.Key != "Id"));
            Assert.Equal(("批量 \"写入\" 商户 C:\\店", DBNull.Value, "en-US", 0L, 1L),
                (sqlMerchant["Name"], sqlMerchant["ContactPhone"], sqlMerchant["Language"], sqlMerchant["RemindBySms"], sqlMerchant["RemindByEmail"]));

            foreach (var (ef, sql, created) in new[] { (byEf[1], bySql[1], "2026-12-01 08:30:15.1234567"), (byEf[2], bySql[2], "2026-12-01 08:30:15") })
            {
                var (efCard, sqlCard) = (await RowAsync(db, "Cards", ef), await RowAsync(db, "Cards", sql));
                Assert.Equal(efCard.Where(c => c.Key is not ("Id" or "Iccid")), sqlCard.Where(c => c.Key is not ("Id" or "Iccid")));
                Assert.Equal((created, created, "2027-03-31", "Suspended", "ChinaTelecom", 1L, DBNull.Value, DBNull.Value, 31L, 1024L),
                    (sqlCard["CreatedAtUtc"], sqlCard["UpdatedAtUtc"], sqlCard["ExpiryDate"], sqlCard["Status"], sqlCard["Carrier"], sqlCard["HeldBySupport"],
                     sqlCard["MerchantId"], sqlCard["Msisdn"], sqlCard["AnchorDay"], sqlCard["DataAllowanceMb"]));
            }

            return 0;
        });
    }

    /// <summary>A row's columns as SQLite stores them (text, integer or null), by name.</summary>
    private static async Task<Dictionary<string, object>> RowAsync(PosRenewalDbContext db, string table, long id)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"Id\" = {id}";
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"{table} {id} was not stored");
            return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetValue);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}
