using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Packages;
using PosRenewal.Core.Promotions;

namespace PosRenewal.Infrastructure.Data;

/// <summary>The demo catalogue, agents, merchants and one card per state and carrier (listed in the README).</summary>
public static class DemoData
{
    public static readonly IReadOnlyList<(Carrier Carrier, string Prefix, string Code)> Carriers =
    [
        (Carrier.ChinaMobile, "898600", "CM"),
        (Carrier.ChinaUnicom, "898601", "CU"),
        (Carrier.ChinaTelecom, "898603", "CT"),
    ];

    /// <summary>Demo card states, each with the expiry offset (days from today) it is seeded with.</summary>
    public static readonly IReadOnlyList<(CardStatus Status, int ExpiryInDays)> States =
    [
        (CardStatus.Active, 200),
        (CardStatus.ExpiringSoon, 5),
        (CardStatus.Expired, -10),
        (CardStatus.Suspended, -20),
        (CardStatus.Deactivated, -120),
    ];

    /// <summary>A China Unicom card whose ICCID has letters in the account part.</summary>
    public const string UnicomLetterIccid = "89860117A0B1C2D3E4F5";

    /// <summary>Deterministic valid ICCID for demo card (carrier i, state j): 20 digits, Luhn-checked.</summary>
    public static string DemoIccid(int carrierIndex, int stateIndex)
    {
        var body = Carriers[carrierIndex].Prefix + "2500" + carrierIndex.ToString(CultureInfo.InvariantCulture)
            + stateIndex.ToString(CultureInfo.InvariantCulture) + "1234567";
        return body + Iccid.LuhnCheckDigit(body);
    }

    public static IEnumerable<Package> Packages()
    {
        // (term months, data MB, price) per carrier; a POS terminal uses 20-50 MB a month.
        (int Months, long Mb, decimal[] Prices, string Name, string NameEn)[] terms =
        [
            (1, 100, [12m, 11m, 11.5m], "包月 100MB", "Monthly 100MB"),
            (3, 300, [33m, 30m, 31.5m], "包季 300MB", "Quarterly 300MB"),
            (6, 600, [60m, 56m, 58m], "半年包 600MB", "Half-year 600MB"),
            (12, 1200, [108m, 99m, 105m], "包年 1.2GB", "Annual 1.2GB"),
        ];
        for (var c = 0; c < Carriers.Count; c++)
        {
            foreach (var t in terms)
            {
                yield return new Package($"{Carriers[c].Code}-{t.Months}M", Carriers[c].Carrier, t.Name, t.Months, t.Mb, new Money(t.Prices[c]), t.NameEn);
            }
        }
    }

    /// <summary>Seeds an empty database; returns false when there was something in it already.</summary>
    public static async Task<bool> SeedAsync(PosRenewalDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Packages.AnyAsync(ct))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        db.Packages.AddRange(Packages());
        // Two agents: a flat ¥2.00 fee with a ¥200 balance serving two merchants, a 5% fee with ¥10 serving the third.
        var flat = new Agent("安易通代理 (demo agent)", FeeKind.Flat, 2.00m);
        var percent = new Agent("Bay Terminals (demo agent 2)", FeeKind.Percent, 5m);
        db.LedgerEntries.Add(flat.TopUp(new Money(200m), "demo seed", now));
        db.LedgerEntries.Add(percent.TopUp(new Money(10m), "demo seed", now));
        // Demo addresses (example.com): in Development e-mails land in App_Data/mail, SMS in the log.
        flat.SetContact("agent@example.com", Merchant.DefaultLanguage);
        percent.SetContact("bay-agent@example.com", "en-US");
        db.Agents.AddRange(flat, percent);
        await db.SaveChangesAsync(ct);
        var merchants = new[]
        {
            new Merchant("张记面馆", "13800138000", flat.Id),
            new Merchant("Harbour Coffee", "13911112222", percent.Id),
            new Merchant("好又多便利店", "13722223333", flat.Id),
        };
        merchants[0].SetReminders("zhangji@example.com", bySms: true, byEmail: true, Merchant.DefaultLanguage);
        merchants[1].SetReminders("harbour@example.com", bySms: true, byEmail: true, "en-US");
        db.Merchants.AddRange(merchants);
        for (var c = 0; c < Carriers.Count; c++)
        {
            for (var s = 0; s < States.Count; s++)
            {
                var (status, days) = States[s];
                var stored = status is CardStatus.Suspended or CardStatus.Deactivated ? status : CardStatus.Active;
                var card = new Card(Iccid.Parse(DemoIccid(c, s)), today.AddDays(days), stored, 100, now);
                card.AssignTerminal(merchants[c], $"1440{c}{s}0012{s}{c}", $"SN-{Carriers[c].Code}-{s + 1:000}", 10 + (s * 17));
                db.Cards.Add(card);
            }
        }

        var letterCard = new Card(Iccid.Parse(UnicomLetterIccid), today.AddDays(90), CardStatus.Active, 100, now);
        letterCard.AssignTerminal(merchants[1], "14401990001", "SN-CU-LTR", 42);
        db.Cards.Add(letterCard);
        // Two demo promotions: money off every annual package, and bonus data for quarterly ones with a code.
        db.Promotions.Add(new Promotion("包年立减 5 元", PromotionKind.AmountOff, 5m, today, today.AddDays(90), now, "¥5 off a year") { PackageCodes = "CM-12M,CU-12M,CT-12M" });
        db.Promotions.Add(new Promotion("赠送 1GB", PromotionKind.BonusData, 1000m, today, today.AddDays(90), now, "1GB free") { PackageCodes = "CM-3M,CU-3M,CT-3M", Code = "GIFT1G" });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Bench cards per bench merchant, and bench merchants per bench agent.</summary>
    public const int BenchCardsPerMerchant = 10;
    public const int BenchMerchantsPerAgent = 1000;

    /// <summary>
    /// Adds synthetic cards (China Mobile, expiries spread evenly from 30 days ago to 369 days ahead) until the
    /// table holds <paramref name="target"/>: ten to a merchant (phone and e-mail, one in four in English),
    /// a thousand merchants to an agent (with an e-mail address), so the daily job has everyone to remind.
    /// </summary>
    public static async Task<int> SeedBenchCardsAsync(PosRenewalDbContext db, TimeProvider clock, int target, CancellationToken ct)
    {
        var existing = await db.Cards.CountAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var added = 0;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        Agent? agent = null;
        Merchant? merchant = null;
        for (var i = existing; i < target; i++)
        {
            var m = i / BenchCardsPerMerchant;
            if (agent is null || (m % BenchMerchantsPerAgent == 0 && i % BenchCardsPerMerchant == 0))
            {
                agent = new Agent($"Bench agent {m / BenchMerchantsPerAgent}", FeeKind.Flat, 2m);
                agent.SetContact($"bench-agent-{m / BenchMerchantsPerAgent}@example.com", Merchant.DefaultLanguage);
                db.Agents.Add(agent);
                await db.SaveChangesAsync(ct);
            }

            if (merchant is null || i % BenchCardsPerMerchant == 0)
            {
                merchant = new Merchant($"Bench shop {m}", $"139{m:D8}", agent.Id);
                merchant.SetReminders($"bench-shop-{m}@example.com", bySms: true, byEmail: true, m % 4 == 0 ? "en-US" : Merchant.DefaultLanguage);
                db.Merchants.Add(merchant);
            }

            var card = new Card(Iccid.Parse(BenchIccid(i)), today.AddDays((i % 400) - 30), CardStatus.Active, 100, now);
            card.AssignTerminal(merchant, null, $"SN-BENCH-{i}", 0);
            db.Cards.Add(card);
            if (++added % 5000 == 0)
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                merchant = null;
            }
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return added;
    }

    public static string BenchIccid(int i)
    {
        var body = "8986009" + i.ToString("D12", CultureInfo.InvariantCulture);
        return body + Iccid.LuhnCheckDigit(body);
    }
}
