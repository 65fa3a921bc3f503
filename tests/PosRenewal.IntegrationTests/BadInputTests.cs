using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// The hostile-input corpus: every field of every form on the public and signed-in pages, the addresses that carry
/// identifiers, and the gateway notification, each sent every hostile value. Never a 5xx or an exception page, never
/// a change where the input was refused, and the markup in the values never comes back unescaped.
/// </summary>
public class BadInputTests(StillPortalFactory portal) : IClassFixture<StillPortalFactory>
{
    private const string Markup = "<script>alert(1)</script>";

    public static readonly string[] Corpus =
    [
        "", " ", new string('9', 5000), new string('字', 3000), "\0\u0001\u001f\u007f", "8986\u200b0025\u202e0000", "mixed ٣ 三 Ⅲ ß ﬁ",
        "８９８６００２５００００１２３４５６７６", "' OR 1=1 --", "'; DROP TABLE Cards; --", Markup, "\"><img src=x onerror=alert(1)>",
        "-1", "-99999999999999999999", "99999999999999999999999", "1e309", "NaN", "0x7FFFFFFF", "true", "[]", "{\"a\":1}", "%00", "../../etc/passwd",
        "CM-1M' --", "R000000AAAAAAAA", "0.001", "12.00", "-12.00",
    ];

    /// <summary>The pages whose forms are sent the corpus, and who opens them.</summary>
    private static readonly (string? Email, string Password, string[] Urls)[] Areas =
    [
        (null, "", ["/", $"/cards/{DemoData.DemoIccid(0, 0)}", $"/cards/{DemoData.DemoIccid(0, 0)}/renew/CM-1M", "/account/login", "/account/forgot", "/account/reset?email=a%40b.c&token=abc"]),
        ("merchant@posrenewal.test", "Demo-merchant-1", ["/merchant", "/merchant/reminders"]),
        ("agent@posrenewal.test", "Demo-agent-1", ["/agent", "/agent/reminders", "/batches/new", $"/cards/{DemoData.DemoIccid(0, 1)}/renew/CM-3M", "/stickers"]),
        ("support@posrenewal.test", "Demo-support-1", ["/support", $"/support/cards/{DemoData.DemoIccid(0, 0)}"]),
        ("admin@posrenewal.test", "Demo-admin-1", ["/admin/agents", "/admin/promotions", "/admin/packages", "/admin/users", "/admin/orders", "/admin/imports"]),
    ];

    [Fact]
    public async Task Does_answer_every_hostile_value_in_every_form_with_a_clear_refusal_and_change_nothing()
    {
        var sent = 0;
        foreach (var (email, password, urls) in Areas)
        {
            using var browser = portal.NewBrowser();
            if (email is not null)
            {
                Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.SignInAsync(browser, email, password)).StatusCode);
            }

            foreach (var url in urls)
            {
                var page = await browser.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, page.Status);
                var forms = page.Document.QuerySelectorAll("form").OfType<IHtmlFormElement>()
                    .Where(f => !(f.GetAttribute("action") ?? "").Contains("logout", StringComparison.OrdinalIgnoreCase))
                    .DistinctBy(f => (f.GetAttribute("action"), string.Join(',', Fields(f).Select(x => x.Key))));
                foreach (var form in forms)
                {
                    foreach (var field in Fields(form).Select(f => f.Key).Where(k => k != "__RequestVerificationToken").Distinct())
                    {
                        foreach (var value in Corpus)
                        {
                            await SendAsync($"{url} {field}", () => Submit(browser, page, form, field, value));
                            sent++;
                        }
                    }
                }
            }

            // Identifiers in addresses: package codes, order and batch numbers, ICCIDs, sticker tokens.
            foreach (var value in Corpus.Where(v => v.Length is > 0 and < 200))
            {
                var part = Uri.EscapeDataString(value);
                foreach (var address in new[] { $"/cards/{part}", $"/cards/{DemoData.DemoIccid(0, 0)}/renew/{part}", $"/orders/{part}", $"/r/{part}", $"/batches/{part}", $"/?iccid={part}" })
                {
                    await SendAsync(address, () => browser.Http.GetAsync(address));
                    sent++;
                }
            }
        }

        // The gateway's door: hostile bodies, unsigned or with a forged signature.
        using var anonymous = portal.NewBrowser();
        foreach (var value in Corpus)
        {
            await SendAsync("notification", () => anonymous.Http.SendAsync(PortalFactory.SandboxNotification(value, signatureOverride: "forged")));
            var unsigned = new HttpRequestMessage(HttpMethod.Post, "/payments/notify/sandbox") { Content = new StringContent(value) };
            await SendAsync("unsigned notification", () => anonymous.Http.SendAsync(unsigned));
            sent += 2;
        }

        Assert.True(sent > 1000, $"only {sent} hostile requests were sent");
    }

    /// <summary>
    /// Sends one hostile request: never 5xx or a stack trace, markup escaped, and nothing written unless the answer is the
    /// redirect of an accepted form (post/redirect/get): a refusal, and any page shown again, change nothing at all.
    /// </summary>
    private async Task SendAsync(string what, Func<Task<HttpResponseMessage>> send)
    {
        var before = await FingerprintAsync();
        using var response = await send();
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{what}: {(int)response.StatusCode}");
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Markup, body, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x onerror", body, StringComparison.Ordinal);
        if ((int)response.StatusCode is < 300 or >= 400)
        {
            Assert.Equal(before, await FingerprintAsync());
        }
    }

    /// <summary>
    /// What a refused request must not change: every row and column of these tables, not only how many rows there are.
    /// (A refused notification is kept as evidence for support, bounded: PaymentNotificationEvidenceTests.)
    /// </summary>
    private static readonly string[] Watched =
    [
        "Cards", "Merchants", "Agents", "LedgerEntries", "Orders", "PaymentAttempts", "Batches", "Packages", "Promotions",
        "AspNetUsers", "AspNetUserRoles", "CardImports", "RenewalStickers", "Notifications", "Outbox", "AuditEntries",
    ];

    private static IReadOnlyList<string>? _fingerprintQueries;

    private Task<string> FingerprintAsync() =>
        portal.WithDbAsync(async db =>
        {
            // One "SELECT group_concat(quote(a)||','||quote(b)...)" per table, built once from SQLite's own column list.
            _fingerprintQueries ??= await Task.WhenAll(Watched.Select(async table =>
            {
                var columns = await db.Database.SqlQuery<string>($"SELECT name AS Value FROM pragma_table_info({table})").ToListAsync();
                Assert.NotEmpty(columns);
                return $"SELECT coalesce(group_concat({string.Join("||','||", columns.Select(c => $"quote(\"{c}\")"))}, '|'), '') AS Value FROM (SELECT * FROM \"{table}\" ORDER BY rowid)";
            }));
            var parts = new List<string>();
            foreach (var query in _fingerprintQueries)
            {
                parts.Add(await db.Database.SqlQueryRaw<string>(query).SingleAsync());
            }

            return string.Join('\n', parts);
        });

    private static List<KeyValuePair<string, string>> Fields(IHtmlFormElement form) =>
    [
        .. form.Elements.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Type is not "file" && (i.Type is not ("radio" or "checkbox") || i.IsChecked))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)),
        .. form.Elements.OfType<IHtmlSelectElement>().Where(s => !string.IsNullOrEmpty(s.Name)).Select(s => new KeyValuePair<string, string>(s.Name!, s.Value ?? "")),
        .. form.Elements.OfType<IHtmlTextAreaElement>().Where(t => !string.IsNullOrEmpty(t.Name)).Select(t => new KeyValuePair<string, string>(t.Name!, t.Value)),
    ];

    private static Task<HttpResponseMessage> Submit(TestBrowser browser, TestBrowser.Page page, IHtmlFormElement form, string field, string value)
    {
        var values = Fields(form).Where(f => f.Key != field).Append(new(field, value)).ToList();
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : new Uri(page.Url, form.GetAttribute("action"));
        if (string.Equals(form.Method, "get", StringComparison.OrdinalIgnoreCase))
        {
            var query = string.Join('&', values.Select(v => $"{Uri.EscapeDataString(v.Key)}={Uri.EscapeDataString(v.Value)}"));
            return browser.Http.GetAsync(new UriBuilder(action) { Query = query }.Uri);
        }

        return browser.Http.PostAsync(action, new FormUrlEncodedContent(values));
    }
}
