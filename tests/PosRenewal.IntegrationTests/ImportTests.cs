using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Imports;

namespace PosRenewal.IntegrationTests;

/// <summary>Card inventory import and export at <c>/admin/imports</c>, through the real upload, worker and pages.</summary>
public class ImportTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Header = "iccid,carrier,msisdn,terminal_serial,merchant,agent,status,expiry";
    private static int _next;

    /// <summary>A valid China Telecom ICCID no other test uses.</summary>
    private static string NewIccid()
    {
        var body = "8986031" + (Environment.ProcessId % 1000).ToString("D3", CultureInfo.InvariantCulture)
            + Interlocked.Increment(ref _next).ToString("D9", CultureInfo.InvariantCulture);
        return body + Iccid.LuhnCheckDigit(body);
    }

    private async Task<TestBrowser> AdminAsync()
    {
        var browser = portal.NewBrowser();
        await AccountTests.SignInAsync(browser, "admin@posrenewal.test", "Demo-admin-1");
        return browser;
    }

    private static async Task<HttpResponseMessage> UploadAsync(TestBrowser admin, string csv, string mode) =>
        await UploadBytesAsync(admin, Encoding.UTF8.GetBytes(csv), mode);

    private static async Task<HttpResponseMessage> UploadBytesAsync(TestBrowser admin, byte[] bytes, string mode)
    {
        var page = await admin.GetAsync("/admin/imports");
        var token = page.Document.QuerySelector("form[data-testid='import-form'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "cards.csv");
        form.Add(new StringContent(mode), "mode");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        return await admin.Http.PostAsync("/admin/imports", form);
    }

    private Task<(CardImport Import, TestBrowser.Page Page)> ImportAsync(TestBrowser admin, string csv, string mode) =>
        ImportBytesAsync(admin, Encoding.UTF8.GetBytes(csv), mode);

    /// <summary>Uploads and waits for the worker to finish; returns the import and its page.</summary>
    private async Task<(CardImport Import, TestBrowser.Page Page)> ImportBytesAsync(TestBrowser admin, byte[] csv, string mode)
    {
        var upload = await UploadBytesAsync(admin, csv, mode);
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var id = long.Parse(upload.Headers.Location!.ToString().Split('/')[^1], CultureInfo.InvariantCulture);
        for (var i = 0; i < 300; i++)
        {
            var import = await portal.WithDbAsync(db => db.CardImports.AsNoTracking().SingleAsync(x => x.Id == id));
            if (import.IsFinished)
            {
                return (import, await admin.GetAsync($"/admin/imports/{id}"));
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Import {id} did not finish in 30 s.");
    }

    private Task<int> CountAsync(IEnumerable<string> iccids)
    {
        var list = iccids.ToList();
        return portal.WithDbAsync(db => db.Cards.CountAsync(c => list.Contains(c.Iccid)));
    }

    [Fact]
    public async Task Does_list_every_refused_line_with_its_number_and_reason_and_import_nothing_or_only_the_valid_ones()
    {
        var good = new[] { NewIccid(), NewIccid(), NewIccid() };
        var first = NewIccid();
        var badCheck = first[..^1] + (char)('0' + ((first[^1] - '0' + 1) % 10));
        var lines = new[]
        {
            $"{good[0]},,13900000001,SN-IMP-1,Import Shop 一,安易通代理 (demo agent),Active,2027-03-31",
            $"{good[1].ToLowerInvariant()[..4]} {good[1][4..]},ChinaTelecom,,SN-IMP-2,Import Shop 一,,,2027/4/30",
            $"{good[2]},中国电信,,,,,Suspended,2026-12-31",
            $"{badCheck},,,,,,,2027-03-31",
            $",,,,,,,2027-03-31",
            $"89860312345,,,,,,,2027-03-31",
            $"{NewIccid()},ChinaMobile,,,,,,2027-03-31",
            $"{NewIccid()},Vodafone,,,,,,2027-03-31",
            $"{NewIccid()},,13900abc,,,,,2027-03-31",
            $"{NewIccid()},,,{new string('S', 41)},,,,2027-03-31",
            $"{NewIccid()},,,,Shop,Nobody Agent,,2027-03-31",
            $"{NewIccid()},,,,,安易通代理 (demo agent),,2027-03-31",
            $"{NewIccid()},,,,,,Sleeping,2027-03-31",
            $"{NewIccid()},,,,,,,31/03/2027",
            $"{NewIccid()},,,,,,,1999-12-31",
            $"{good[0]},,,,,,,2027-03-31",
            $"{NewIccid()},,,\"SN\u0001X\",,,,2027-03-31",
        };
        var csv = Header + "\n" + string.Join("\n", lines) + "\n";
        using var admin = await AdminAsync();

        var (rejected, page) = await ImportAsync(admin, csv, "AllOrNothing");
        Assert.Equal((ImportStatus.Rejected, 17, 14, 0), (rejected.Status, rejected.TotalLines, rejected.RejectedLines, rejected.Inserted));
        Assert.Equal(0, await CountAsync(good));
        var refused = page.Document.QuerySelectorAll("[data-testid='errors'] tbody tr").ToDictionary(r => int.Parse(r.GetAttribute("data-line")!, CultureInfo.InvariantCulture), r => r.TextContent);
        Assert.Equal(Enumerable.Range(5, 14).ToArray(), refused.Keys.Order().ToArray());
        Assert.Contains("check digit", refused[5]);
        Assert.Contains("Enter the ICCID", refused[6]);
        Assert.Contains("too short", refused[7]);
        Assert.Contains("belongs to ChinaTelecom, not ChinaMobile", refused[8]);
        Assert.Contains("Carrier: write", refused[9]);
        Assert.Contains("MSISDN", refused[10]);
        Assert.Contains("Terminal serial", refused[11]);
        Assert.Contains("no agent has this name", refused[12]);
        Assert.Contains("give the merchant too", refused[13]);
        Assert.Contains("Status", refused[14]);
        Assert.Contains("Expiry", refused[15]);
        Assert.Contains("Expiry", refused[16]);
        Assert.Contains("already on line 2", refused[17]);
        Assert.Contains("Terminal serial", refused[18]);

        var (partial, _) = await ImportAsync(admin, csv, "ValidRows");
        Assert.Equal((ImportStatus.Done, 3, 14), (partial.Status, partial.Inserted, partial.RejectedLines));
        var cards = await portal.WithDbAsync(db => db.Cards.AsNoTracking().Include(c => c.Merchant).Where(c => good.Contains(c.Iccid)).OrderBy(c => c.Iccid).ToListAsync());
        var shop = Assert.Single(cards, c => c.Iccid == good[0]);
        Assert.Equal(("13900000001", "SN-IMP-1", "Import Shop 一", new DateOnly(2027, 3, 31)), (shop.Msisdn, shop.TerminalSerial, shop.Merchant!.Name, shop.ExpiryDate));
        Assert.Equal(new DateOnly(2027, 4, 30), cards.Single(c => c.Iccid == good[1]).ExpiryDate);
        Assert.Equal(CardStatus.Suspended, cards.Single(c => c.Iccid == good[2]).Status);
        Assert.Equal(1, await portal.WithDbAsync(db => db.Merchants.CountAsync(m => m.Name == "Import Shop 一")));
    }

    [Fact]
    public async Task Does_refuse_a_repeated_iccid_whether_its_first_line_is_in_an_earlier_batch_or_the_same_one()
    {
        // Lines 2–5002 are new cards; the check runs 5,000 lines a batch, so line 5003 repeats a card of the first batch,
        // line 5004 one of its own batch, and line 5005 the card of line 5003, which was first on line 2.
        var iccids = Enumerable.Range(0, CardImporter.BatchSize + 1).Select(_ => NewIccid()).ToList();
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var iccid in iccids.Append(iccids[0]).Append(iccids[^1]).Append(iccids[0]))
        {
            csv.Append(iccid).Append(",,,,,,,2027-03-31\n");
        }

        using var admin = await AdminAsync();
        var (import, page) = await ImportAsync(admin, csv.ToString(), "ValidRows");

        Assert.Equal((ImportStatus.Done, 5004, 5001, 3), (import.Status, import.TotalLines, import.Inserted, import.RejectedLines));
        var refused = page.Document.QuerySelectorAll("[data-testid='errors'] tbody tr").ToDictionary(r => int.Parse(r.GetAttribute("data-line")!, CultureInfo.InvariantCulture), r => r.TextContent);
        Assert.Equal([5003, 5004, 5005], refused.Keys.Order().ToArray());
        Assert.Contains("already on line 2:", refused[5003]);
        Assert.Contains("already on line 5002:", refused[5004]);
        Assert.Contains("already on line 2:", refused[5005]);
        Assert.Equal(5001, await CountAsync(iccids));
    }

    [Fact]
    public async Task Does_store_every_field_of_a_new_card_and_create_its_merchant_once_under_the_agent()
    {
        var agent = await portal.WithDbAsync(async db =>
        {
            var created = new Core.Agents.Agent($"Import agent {Guid.NewGuid():N}"[..30], Core.Agents.FeeKind.Flat, 1m);
            db.Agents.Add(created);
            await db.SaveChangesAsync();
            return created;
        });
        var (first, second) = (NewIccid(), NewIccid());
        var shop = $"Import shop {Guid.NewGuid():N}";
        var csv = $"{Header}\n{first},,13912345678,SN-FIELD-1,{shop},{agent.Name},Suspended,2027/3/9\n{second},中国电信,,,{shop},{agent.Name},,2027-12-31\n";
        using var admin = await AdminAsync();

        Assert.Equal(2, (await ImportAsync(admin, csv, "AllOrNothing")).Import.Inserted);

        var merchant = await portal.WithDbAsync(db => db.Merchants.AsNoTracking().SingleAsync(m => m.Name == shop));
        Assert.Equal((agent.Id, "zh-CN", (string?)null), (merchant.AgentId, merchant.Language, merchant.ContactPhone));
        var cards = await portal.WithDbAsync(db => db.Cards.AsNoTracking().Where(c => c.Iccid == first || c.Iccid == second).ToDictionaryAsync(c => c.Iccid));
        Assert.Equal((Carrier.ChinaTelecom, "13912345678", "SN-FIELD-1", CardStatus.Suspended, new DateOnly(2027, 3, 9), 9, merchant.Id, 0),
            (cards[first].Carrier, cards[first].Msisdn, cards[first].TerminalSerial, cards[first].Status, cards[first].ExpiryDate, cards[first].AnchorDay, cards[first].MerchantId, cards[first].Version));
        Assert.Equal((Carrier.ChinaTelecom, (string?)null, (string?)null, CardStatus.Active, new DateOnly(2027, 12, 31), 31, merchant.Id, 0),
            (cards[second].Carrier, cards[second].Msisdn, cards[second].TerminalSerial, cards[second].Status, cards[second].ExpiryDate, cards[second].AnchorDay, cards[second].MerchantId, cards[second].Version));
    }

    [Fact]
    public async Task Does_store_a_large_upload_in_parts_and_import_every_line_across_the_part_boundaries()
    {
        // About 2.7 MB: three parts of the stored file, with lines and Chinese characters split where the parts meet.
        var iccids = Enumerable.Range(0, 20_000).Select(_ => NewIccid()).ToList();
        var csv = new StringBuilder(Header).Append('\n');
        for (var n = 0; n < iccids.Count; n++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{iccids[n]},,1390000{n:D4},SN-PARTS-{n:D6}-ABCDEFGHIJKLMNOPQRSTU,分部件上传测试商户 {n / 10},,,2027-05-01\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        Assert.InRange(bytes.Length, 2 * CardImportFile.PartBytes + 1, 3 * CardImportFile.PartBytes);
        using var admin = await AdminAsync();

        var (import, _) = await ImportBytesAsync(admin, bytes, "AllOrNothing");

        Assert.Equal((ImportStatus.Done, 20_000, 20_000, 0), (import.Status, import.TotalLines, import.Inserted, import.RejectedLines));
        Assert.Equal([0, 1, 2], await portal.WithDbAsync(db => db.CardImportFiles.Where(f => f.ImportId == import.Id).OrderBy(f => f.Part).Select(f => f.Part).ToListAsync()));
        Assert.Equal(bytes.Length, await portal.WithDbAsync(db => db.CardImportFiles.Where(f => f.ImportId == import.Id).SumAsync(f => f.Content.Length)));
        var lastIccid = iccids[^1];
        var last = await portal.WithDbAsync(db => db.Cards.AsNoTracking().Include(c => c.Merchant).SingleAsync(c => c.Iccid == lastIccid));
        Assert.Equal(("139000019999", "SN-PARTS-019999-ABCDEFGHIJKLMNOPQRSTU", "分部件上传测试商户 1999"), (last.Msisdn, last.TerminalSerial, last.Merchant!.Name));
        Assert.Equal(20_000, await CountAsync(iccids));
    }

    [Fact]
    public async Task Does_change_nothing_when_the_same_file_is_imported_again_and_only_ever_move_an_expiry_later()
    {
        var iccids = Enumerable.Range(0, 5).Select(_ => NewIccid()).ToList();
        var csv = Header + "\n" + string.Join("\n", iccids.Select((i, n) => $"{i},,,SN-AGAIN-{n},Again Shop,,,2027-05-01")) + "\n";
        using var admin = await AdminAsync();
        Assert.Equal(5, (await ImportAsync(admin, csv, "AllOrNothing")).Import.Inserted);
        var before = await portal.WithDbAsync(db => db.Cards.AsNoTracking().Where(c => iccids.Contains(c.Iccid)).Select(c => new { c.Iccid, c.Version, c.ExpiryDate }).ToListAsync());

        var (again, _) = await ImportAsync(admin, csv, "AllOrNothing");
        Assert.Equal((0, 0, 5), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equivalent(before, await portal.WithDbAsync(db => db.Cards.AsNoTracking().Where(c => iccids.Contains(c.Iccid)).Select(c => new { c.Iccid, c.Version, c.ExpiryDate }).ToListAsync()));

        var (older, _) = await ImportAsync(admin, $"{Header}\n{iccids[0]},,,,,,,2027-01-01\n{iccids[1]},,,,,,,2027-06-01\n", "AllOrNothing");
        Assert.Equal((1, 1), (older.Updated, older.Unchanged));
        var after = await portal.WithDbAsync(db => db.Cards.AsNoTracking().Where(c => c.Iccid == iccids[0] || c.Iccid == iccids[1]).ToDictionaryAsync(c => c.Iccid, c => c.ExpiryDate));
        Assert.Equal(new DateOnly(2027, 5, 1), after[iccids[0]]);
        Assert.Equal(new DateOnly(2027, 6, 1), after[iccids[1]]);
    }

    [Fact]
    public async Task Does_move_known_cards_to_the_merchant_the_file_names_and_leave_that_merchant_as_it_was()
    {
        var iccids = Enumerable.Range(0, 3).Select(_ => NewIccid()).ToList();
        var (first, known, fresh) = ($"Move from {Guid.NewGuid():N}", $"Move to {Guid.NewGuid():N}", $"Move new {Guid.NewGuid():N}");
        var before = await portal.WithDbAsync(async db =>
        {
            var merchant = new Merchant(known, "13800000042");
            merchant.SetReminders("known@example.com", bySms: false, byEmail: true, "en-US");
            db.Merchants.Add(merchant);
            await db.SaveChangesAsync();
            return merchant;
        });
        using var admin = await AdminAsync();
        Assert.Equal(3, (await ImportAsync(admin, Header + "\n" + string.Join("\n", iccids.Select(i => $"{i},,,,{first},,,2027-05-01")) + "\n", "AllOrNothing")).Import.Inserted);

        // The import reads the merchant to give its id to the cards; writing it back would refuse the whole batch.
        // (A trigger's text takes no parameters; the id is a number.)
        var guard = $"ImportMustNotWrite{before.Id}";
        var (create, drop) = ($"CREATE TRIGGER \"{guard}\" BEFORE UPDATE ON \"Merchants\" WHEN OLD.\"Id\" = {before.Id} BEGIN SELECT RAISE(ABORT, 'the import wrote merchant {before.Id}'); END",
            $"DROP TRIGGER \"{guard}\"");
        await portal.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(create));
        var (moved, _) = await ImportAsync(admin, $"{Header}\n{iccids[0]},,,,{known},,,2027-05-01\n{iccids[1]},,,,{known},,,2027-05-01\n{iccids[2]},,,,{fresh},,,2027-05-01\n", "AllOrNothing");
        await portal.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(drop));

        Assert.Equal((0, 3, 0), (moved.Inserted, moved.Updated, moved.Unchanged));
        var (cards, merchants) = await portal.WithDbAsync(async db => (
            await db.Cards.AsNoTracking().Where(c => iccids.Contains(c.Iccid)).ToDictionaryAsync(c => c.Iccid, c => c.MerchantId),
            await db.Merchants.AsNoTracking().Where(m => m.Name == known || m.Name == fresh).ToListAsync()));
        var after = Assert.Single(merchants, m => m.Name == known);
        var created = Assert.Single(merchants, m => m.Name == fresh);
        Assert.Equal((after.Id, after.Id, created.Id), (cards[iccids[0]], cards[iccids[1]], cards[iccids[2]]));
        Assert.Equal((before.Id, "13800000042", "known@example.com", "en-US", false, true),
            (after.Id, after.ContactPhone, after.ContactEmail, after.Language, after.RemindBySms, after.RemindByEmail));
    }

    [Fact]
    public async Task Does_export_cards_as_utf8_with_a_bom_that_imports_back_unchanged()
    {
        using var admin = await AdminAsync();
        var export = await admin.Http.GetAsync("/admin/imports?handler=Export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith(Header, text);
        Assert.Contains("张记面馆", text);
        var cards = await portal.WithDbAsync(db => db.Cards.CountAsync());

        var (import, _) = await ImportBytesAsync(admin, bytes, "AllOrNothing");

        Assert.Equal((ImportStatus.Done, cards, 0, 0, cards), (import.Status, import.TotalLines, import.Inserted, import.Updated, import.Unchanged));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.GetAsync("/admin/imports?handler=Export&carrier=Vodafone")).StatusCode);
    }

    [Fact]
    public async Task Does_refuse_an_unreadable_upload_at_once_and_keep_everyone_but_admins_out()
    {
        using var admin = await AdminAsync();
        foreach (var (csv, mode) in new[] { ("", "AllOrNothing"), ("iccid,carrier\n898603...,\n", "AllOrNothing"), (Header + "\n", "Maybe") })
        {
            var refused = csv.Length == 0 ? await UploadBytesAsync(admin, [], mode) : await UploadAsync(admin, csv, mode);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("notice bad error", await refused.Content.ReadAsStringAsync());
        }

        using var merchant = portal.NewBrowser();
        await AccountTests.SignInAsync(merchant, "merchant@posrenewal.test", "Demo-merchant-1");
        Assert.NotEqual(HttpStatusCode.OK, (await merchant.Http.GetAsync("/admin/imports?handler=Export")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await merchant.Http.GetAsync("/admin/imports")).StatusCode);
    }

    [Fact]
    public async Task Does_escape_text_a_spreadsheet_would_run_as_a_formula()
    {
        var card = new Card(Iccid.Parse(NewIccid()), new DateOnly(2027, 1, 1), CardStatus.Active, 0, TestClock.UtcNow);
        card.AssignTerminal(new Merchant("=HYPERLINK(\"http://evil\")", null), null, "@SUM(A1)", 0);
        using var output = new MemoryStream();
        await Infrastructure.Imports.CardCsv.WriteAsync(output, new[] { (card, (string?)"+agent") }.ToAsyncEnumerable(), default);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.DoesNotContain(",=HYPERLINK", text);
        Assert.DoesNotContain(",@SUM", text);
        Assert.DoesNotContain(",+agent", text);
        Assert.Contains("'=HYPERLINK", text);
    }
}
