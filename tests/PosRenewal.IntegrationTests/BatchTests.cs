using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Batches;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure.Carriers.Simulated;
using PosRenewal.Infrastructure.Data;
using PosRenewal.Web.Pages;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// Batch renewal at <c>/batches</c>: the preview (each card priced and extended from its own expiry, each line that cannot
/// be renewed says why), placing the batch once, paying it once, and every card ending renewed or refunded.
/// </summary>
public class BatchTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<(TestBrowser Agent, TestBrowser.Page Page)> AgentAsync()
    {
        var agent = portal.NewBrowser();
        await AccountTests.SignInAsync(agent, "agent@posrenewal.test", "Demo-agent-1");
        return (agent, await agent.GetAsync("/batches/new"));
    }

    [Fact]
    public async Task Does_preview_each_card_from_its_own_expiry_and_say_why_the_others_cannot_be_renewed()
    {
        var (agent, page) = await AgentAsync();
        using var _ = agent;
        var today = ChinaTime.Today(TestClock.Instance);
        var active = DemoData.DemoIccid(0, 0);
        var expired = DemoData.DemoIccid(2, 2);
        var deactivated = DemoData.DemoIccid(0, 4);
        var otherAgents = DemoData.DemoIccid(1, 0);
        var text = string.Join("\n", $"{active[..4]} {active[4..8]} {active[8..]}", expired, "8986001234", deactivated, otherAgents, active) + "\n\n";

        var answer = await agent.SubmitAsync(page, "form[data-testid='batch-form']", new Dictionary<string, string> { ["iccids"] = text, ["term"] = "1" });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var preview = await TestBrowser.Page.ReadAsync(answer);
        var rows = preview.Document.QuerySelectorAll("[data-testid='batch-lines'] tbody tr").ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(["true", "true", "false", "false", "false", "false"], rows.Select(r => r.GetAttribute("data-ok")));
        // The test clock's today is 2026-11-25: the demo card with 200 days left ends 2027-06-13, the one expired
        // 10 days ago ended 2026-11-15 and starts a new month today.
        Assert.Equal(new DateOnly(2026, 11, 25), today);
        Assert.Contains("Jul 13, 2027", rows[0].TextContent);
        Assert.Contains("Dec 24, 2026", rows[1].TextContent);
        Assert.Contains("too short", rows[2].TextContent);
        Assert.Contains("Deactivated", rows[3].TextContent);
        Assert.Contains("among your merchants", rows[4].TextContent);
        Assert.Contains("already on line 1", rows[5].TextContent);
        // China Mobile ¥12.00 and China Telecom ¥11.50, plus the agent's flat ¥2.00 each.
        Assert.Equal("¥27.50", preview.TestId("batch-total"));
        Assert.Equal("¥4.00", preview.TestId("batch-fees"));
    }

    [Fact]
    public async Task Does_refuse_an_empty_an_oversized_or_an_unknown_term_batch()
    {
        var (agent, page) = await AgentAsync();
        using var _ = agent;
        var tooMany = string.Join("\n", Enumerable.Range(0, 1001).Select(_ => DemoData.DemoIccid(0, 0)));
        foreach (var (iccids, term) in new[] { ("", "1"), (DemoData.DemoIccid(0, 0), "7"), (DemoData.DemoIccid(0, 0), "x"), (tooMany, "1") })
        {
            var refused = await agent.SubmitAsync(page, "form[data-testid='batch-form']", new Dictionary<string, string> { ["iccids"] = iccids, ["term"] = term });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("notice bad error", await refused.Content.ReadAsStringAsync());
        }

        using var merchant = portal.NewBrowser();
        await AccountTests.SignInAsync(merchant, "merchant@posrenewal.test", "Demo-merchant-1");
        Assert.NotEqual(HttpStatusCode.OK, (await merchant.Http.GetAsync("/batches/new")).StatusCode);
    }

    [Fact]
    public async Task Does_price_a_batch_with_the_same_promotions_as_a_single_renewal()
    {
        var (agent, page) = await AgentAsync();
        using var _ = agent;
        var answer = await agent.SubmitAsync(page, "form[data-testid='batch-form']", new Dictionary<string, string> { ["iccids"] = DemoData.DemoIccid(0, 0), ["term"] = "12" });
        var preview = await TestBrowser.Page.ReadAsync(answer);

        // China Mobile 12 months ¥108.00, less the demo ¥5 off a year (包年立减 5 元), plus the agent's ¥2.00: as the card page quotes it.
        Assert.Equal("¥105.00", preview.TestId("batch-total"));
        Assert.Contains("¥5 off a year", preview.Document.QuerySelector("[data-testid='batch-lines'] tbody tr")!.TextContent);
        var single = await agent.GetAsync($"/cards/{DemoData.DemoIccid(0, 0)}/renew/CM-12M");
        Assert.Equal("¥105.00", single.TestId("total"));
    }

    [Fact]
    public async Task Does_read_the_iccids_from_the_first_column_of_an_uploaded_csv()
    {
        var (agent, page) = await AgentAsync();
        using var _ = agent;
        var token = page.Document.QuerySelector("form[data-testid='batch-form'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var csv = $"iccid,carrier,msisdn\r\n{DemoData.DemoIccid(0, 0)},ChinaMobile,13800000000\r\n\"{DemoData.DemoIccid(2, 0)}\",ChinaTelecom,\r\n";
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "cards.csv");
        form.Add(new StringContent("1"), "term");
        form.Add(new StringContent(token), "__RequestVerificationToken");

        var preview = await TestBrowser.Page.ReadAsync(await agent.Http.PostAsync("/batches/new", form));

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Equal(["true", "true"], preview.Document.QuerySelectorAll("[data-testid='batch-lines'] tbody tr").Select(r => r.GetAttribute("data-ok")));
        Assert.Equal("¥27.50", preview.TestId("batch-total"));
    }

    [Fact]
    public async Task Does_place_a_batch_once_pay_it_once_from_the_balance_and_refund_the_cards_the_carrier_cannot_renew()
    {
        var (agent, page) = await AgentAsync();
        using var _ = agent;
        var agentId = await TopUpAsync(1000m);
        var cards = await AddAgentCardsAsync(6, i => Carriers[i % 3]);
        await SetCarrierDownAsync(Carrier.ChinaTelecom, down: true);
        try
        {
            var balanceBefore = await BalanceAsync(agentId);
            var preview = await TestBrowser.Page.ReadAsync(await agent.SubmitAsync(page, "form[data-testid='batch-form']",
                new Dictionary<string, string> { ["iccids"] = string.Join("\n", cards.Select(c => c.Iccid)), ["term"] = "1" }));
            Assert.Equal("¥81.00", preview.TestId("batch-total")); // (12 + 11 + 11.50 + 3 × 2) × 2

            // A double submit of the same preview places one batch.
            var placed = await agent.SubmitAsync(preview, "form[data-testid='place-form']");
            var again = await agent.SubmitAsync(preview, "form[data-testid='place-form']");
            Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
            Assert.Equal(placed.Headers.Location, again.Headers.Location);
            var batchNo = placed.Headers.Location!.OriginalString.Split('/')[^1];
            Assert.Equal(1, await portal.WithDbAsync(db => db.Batches.CountAsync(b => b.BatchNo == batchNo)));

            var batchPage = await agent.GetAsync($"/batches/{batchNo}");
            var pay = await agent.SubmitAsync(batchPage, $"form:has(button[data-choice='{Core.Payments.PaymentErrors.AgentBalance}'])");
            Assert.Equal(HttpStatusCode.Redirect, pay.StatusCode);
            var payAgain = await agent.SubmitAsync(batchPage, $"form:has(button[data-choice='{Core.Payments.PaymentErrors.AgentBalance}'])");
            Assert.Equal(HttpStatusCode.Redirect, payAgain.StatusCode);

            var orders = await WaitForBatchAsync(batchNo);
            var debits = await portal.WithDbAsync(db => db.LedgerEntries.Where(e => e.AgentId == agentId && e.Kind == LedgerKind.Debit && e.OrderNo == batchNo).ToListAsync());
            Assert.Equal(-81.00m, Assert.Single(debits).Amount);
            await AssertEachCardRenewedOrRefundedAsync(cards, orders);
            Assert.Equal(2, orders.Count(o => o.Status == OrderStatus.Refunded));
            Assert.All(orders.Where(o => o.Status == OrderStatus.Refunded), o => Assert.StartsWith("898603", o.Iccid, StringComparison.Ordinal));
            // Paid once (81.00), the two China Telecom cards (13.50 each) back on the balance.
            Assert.Equal(balanceBefore.Amount - 81.00m + 27.00m, (await BalanceAsync(agentId)).Amount);

            var done = await agent.GetAsync($"/batches/{batchNo}");
            Assert.Equal("4", done.Document.QuerySelector("[data-testid='batch-progress']")!.GetAttribute("data-active"));
            Assert.Equal("2", done.Document.QuerySelector("[data-testid='batch-progress']")!.GetAttribute("data-refunded"));
        }
        finally
        {
            await SetCarrierDownAsync(Carrier.ChinaTelecom, down: false);
        }
    }

    [Fact]
    public async Task Does_renew_500_cards_paid_once_through_the_gateway_and_refund_each_card_whose_activation_fails()
    {
        var (agent, page) = await AgentAsync();
        using var _ = agent;
        // One card in five is China Telecom, whose platform is down for the whole test.
        var cards = await AddAgentCardsAsync(500, i => i % 5 == 4 ? Carrier.ChinaTelecom : Carriers[i % 2]);
        await SetCarrierDownAsync(Carrier.ChinaTelecom, down: true);
        try
        {
            var preview = await TestBrowser.Page.ReadAsync(await agent.SubmitAsync(page, "form[data-testid='batch-form']",
                new Dictionary<string, string> { ["iccids"] = string.Join("\n", cards.Select(c => c.Iccid)), ["term"] = "3" }));
            Assert.Equal(500, preview.Document.QuerySelectorAll("[data-testid='batch-lines'] tbody tr[data-ok='true']").Length);
            var placed = await agent.SubmitAsync(preview, "form[data-testid='place-form']");
            var batchNo = placed.Headers.Location!.OriginalString.Split('/')[^1];

            var batchPage = await agent.GetAsync($"/batches/{batchNo}");
            var toGateway = await agent.SubmitAsync(batchPage, "form:has(button[data-choice='Sandbox'])");
            Assert.Equal(HttpStatusCode.Redirect, toGateway.StatusCode);
            var back = await Flow.ActAtSandboxAsync(agent, toGateway.Headers.Location!, "pay");
            Assert.Contains($"/batches/{batchNo}", back.OriginalString, StringComparison.Ordinal);

            var orders = await WaitForBatchAsync(batchNo, TimeSpan.FromMinutes(4));
            await AssertEachCardRenewedOrRefundedAsync(cards, orders);
            Assert.Equal(400, orders.Count(o => o.Status == OrderStatus.Active));
            Assert.Equal(100, orders.Count(o => o.Status == OrderStatus.Refunded));

            // One trade for the whole batch; the gateway gave back exactly the refunded cards' totals, each once.
            var trades = await portal.WithSimulatorsAsync(db => db.SandboxTrades.AsNoTracking().Where(t => t.TradeNo.StartsWith(batchNo)).ToListAsync());
            var trade = Assert.Single(trades);
            var batch = await portal.WithDbAsync(db => db.Batches.AsNoTracking().SingleAsync(b => b.BatchNo == batchNo));
            Assert.Equal(batch.Total, trade.Amount);
            Assert.Equal(orders.Where(o => o.Status == OrderStatus.Refunded).Aggregate(Money.Zero, (sum, o) => sum + o.Total), trade.RefundedAmount);
            Assert.Equal(100, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "refund" && e.UserName == "refunds"
                && orders.Select(o => o.CardId).Contains(e.CardId!.Value))));

            // Asking the gateway again for a refund number it has already refunded (say our books failed to save) refunds nothing more.
            using var scope = portal.Services.CreateScope();
            var gateway = scope.ServiceProvider.GetRequiredService<Core.Payments.PaymentGateways>().Find("Sandbox")!;
            var first = orders.First(o => o.Status == OrderStatus.Refunded);
            Assert.True((await gateway.RefundAsync(trade.TradeNo, $"{first.OrderNo}R1", first.Total, "repeat", CancellationToken.None)).Succeeded);
            var after = await portal.WithSimulatorsAsync(db => db.SandboxTrades.AsNoTracking().SingleAsync(t => t.TradeNo == trade.TradeNo));
            Assert.Equal(trade.RefundedAmount, after.RefundedAmount);
        }
        finally
        {
            await SetCarrierDownAsync(Carrier.ChinaTelecom, down: false);
        }
    }

    [Fact]
    public async Task Does_take_a_batch_payment_when_a_card_was_deactivated_after_placing_renewing_the_others_and_refunding_that_one()
    {
        var (agent, page) = await AgentAsync();
        var cards = await portal.WithDbAsync(async db =>
        {
            var merchant = await db.Merchants.SingleAsync(m => m.Name.StartsWith("张记面馆"));
            var added = Enumerable.Range(0, 2).Select(_ =>
            {
                var body = "8986007" + (Environment.ProcessId % 1000).ToString("D3", CultureInfo.InvariantCulture)
                    + Interlocked.Increment(ref _nextCard).ToString("D9", CultureInfo.InvariantCulture);
                var card = new Card(Iccid.Parse(body + Iccid.LuhnCheckDigit(body)), new DateOnly(2030, 1, 15), CardStatus.Active, 100, TestClock.UtcNow);
                card.AssignTerminal(merchant, null, null, 0);
                return card;
            }).ToList();
            db.Cards.AddRange(added);
            await db.SaveChangesAsync();
            return added;
        });
        var preview = await TestBrowser.Page.ReadAsync(await agent.SubmitAsync(page, "form[data-testid='batch-form']",
            new Dictionary<string, string> { ["iccids"] = string.Join("\n", cards.Select(c => c.Iccid)), ["term"] = "1" }));
        var placed = await agent.SubmitAsync(preview, "form[data-testid='place-form']");
        var batchNo = placed.Headers.Location!.OriginalString.Split('/')[^1];
        await portal.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE Cards SET Status = 'Deactivated', Version = Version + 1 WHERE Id = {0}", cards[1].Id));

        var batchPage = await agent.GetAsync($"/batches/{batchNo}");
        var toGateway = await agent.SubmitAsync(batchPage, "form:has(button[data-choice='Sandbox'])");
        await Flow.ActAtSandboxAsync(agent, toGateway.Headers.Location!, "pay");

        var orders = await WaitForBatchAsync(batchNo);
        var renewed = orders.Single(o => o.CardId == cards[0].Id);
        var refunded = orders.Single(o => o.CardId == cards[1].Id);
        Assert.Equal(OrderStatus.Active, renewed.Status);
        Assert.Equal(new DateOnly(2030, 2, 15), (await portal.ReloadCardAsync(cards[0].Id)).ExpiryDate);
        Assert.Equal(OrderStatus.Refunded, refunded.Status);
        Assert.Equal(new DateOnly(2030, 1, 15), (await portal.ReloadCardAsync(cards[1].Id)).ExpiryDate);
        var notification = await portal.WithDbAsync(db => db.PaymentNotifications.AsNoTracking().SingleAsync(n => n.TradeNo!.StartsWith(batchNo)));
        Assert.Equal(NotificationOutcome.Applied, notification.Outcome);
        var batch = await portal.WithDbAsync(db => db.Batches.AsNoTracking().SingleAsync(b => b.BatchNo == batchNo));
        Assert.Contains("deactivated", batch.Attention, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_keep_a_batch_to_its_agent_and_refuse_a_tampered_place_form()
    {
        var (agent, page) = await AgentAsync();
        using var _ = agent;
        var cards = await AddAgentCardsAsync(2, _ => Carrier.ChinaMobile);
        var preview = await TestBrowser.Page.ReadAsync(await agent.SubmitAsync(page, "form[data-testid='batch-form']",
            new Dictionary<string, string> { ["iccids"] = string.Join("\n", cards.Select(c => c.Iccid)), ["term"] = "1" }));
        var batches = await portal.WithDbAsync(db => db.Batches.CountAsync());

        foreach (var tampered in new Dictionary<string, string>[]
        {
            new() { ["confirmedTotal"] = "0.01" },
            new() { ["confirmedTotal"] = "-28.00" },
            new() { ["confirmedTotal"] = "abc" },
            new() { ["key"] = "short" },
            new() { ["term"] = "7" },
            new() { ["iccids"] = "" },
        })
        {
            var refused = await agent.SubmitAsync(preview, "form[data-testid='place-form']", tampered);
            Assert.True(refused.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{string.Join(",", tampered)}: {refused.StatusCode}");
            Assert.Contains("notice bad error", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(batches, await portal.WithDbAsync(db => db.Batches.CountAsync()));
        var placed = await agent.SubmitAsync(preview, "form[data-testid='place-form']");
        var batchNo = placed.Headers.Location!.OriginalString.Split('/')[^1];

        // Another agent (and a merchant) cannot see it; an admin can.
        using var otherAgent = portal.NewBrowser();
        await AccountTests.SignInAsync(otherAgent, "agent2@posrenewal.test", "Demo-agent-2");
        Assert.NotEqual(HttpStatusCode.OK, (await otherAgent.Http.GetAsync($"/batches/{batchNo}")).StatusCode);
        using var admin = portal.NewBrowser();
        await AccountTests.SignInAsync(admin, "admin@posrenewal.test", "Demo-admin-1");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync($"/batches/{batchNo}")).StatusCode);
        Assert.Contains(batchNo, (await admin.GetAsync("/batches")).Text);
        // An admin has no balance to pay from.
        var adminPage = await admin.GetAsync($"/batches/{batchNo}");
        Assert.Null(adminPage.Document.QuerySelector($"button[data-choice='{Core.Payments.PaymentErrors.AgentBalance}']"));

        // An admin renews any agent's cards, without an agent's fee, and pays through the gateway.
        var adminPreview = await TestBrowser.Page.ReadAsync(await admin.SubmitAsync(await admin.GetAsync("/batches/new"), "form[data-testid='batch-form']",
            new Dictionary<string, string> { ["iccids"] = $"{DemoData.DemoIccid(1, 0)}\n{cards[0].Iccid}", ["term"] = "1" }));
        Assert.Equal("¥23.00", adminPreview.TestId("batch-total")); // China Unicom ¥11.00 + China Mobile ¥12.00, no fee
        var adminBatch = await admin.SubmitAsync(adminPreview, "form[data-testid='place-form']");
        var toGateway = await admin.SubmitAsync(await admin.GetAsync(adminBatch.Headers.Location!.OriginalString), "form:has(button[data-choice='Sandbox'])");
        Assert.StartsWith("/sandbox/pay", toGateway.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Http.GetAsync(adminBatch.Headers.Location!.OriginalString)).StatusCode);
    }

    [Fact]
    public async Task Does_show_and_export_the_orders_an_admin_filters_and_refuse_a_malformed_filter()
    {
        var (agent, page) = await AgentAsync();
        using var _ = agent;
        await TopUpAsync(100m);
        var cards = await AddAgentCardsAsync(3, i => Carriers[i]);
        var preview = await TestBrowser.Page.ReadAsync(await agent.SubmitAsync(page, "form[data-testid='batch-form']",
            new Dictionary<string, string> { ["iccids"] = string.Join("\n", cards.Select(c => c.Iccid)), ["term"] = "1" }));
        var batchNo = (await agent.SubmitAsync(preview, "form[data-testid='place-form']")).Headers.Location!.OriginalString.Split('/')[^1];
        await agent.SubmitAsync(await agent.GetAsync($"/batches/{batchNo}"), $"form:has(button[data-choice='{Core.Payments.PaymentErrors.AgentBalance}'])");
        await WaitForBatchAsync(batchNo);

        using var admin = portal.NewBrowser();
        await AccountTests.SignInAsync(admin, "admin@posrenewal.test", "Demo-admin-1");
        var today = ChinaTime.Today(TestClock.Instance).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tomorrow = ChinaTime.Today(TestClock.Instance).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var filtered = await admin.GetAsync($"/admin/orders?q={batchNo}&status=Active&from={today}&to={today}");
        Assert.Equal(HttpStatusCode.OK, filtered.Status);
        var shown = filtered.Document.QuerySelectorAll("[data-testid='orders'] tbody tr").Select(r => r.GetAttribute("data-order")).ToList();
        Assert.Equal(3, shown.Count);

        // The export link carries the same filter, and the file holds the same orders.
        var csvLink = filtered.Document.QuerySelector("[data-testid='csv']")!.GetAttribute("href")!;
        var response = await admin.Http.GetAsync(csvLink);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(OrderCsv.Header, lines[0]);
        Assert.Equal(shown.Order(), lines[1..].Select(l => l.Split(',')[0].Trim('"')).Order());
        Assert.All(lines[1..], l => Assert.Contains($"\"{batchNo}\"", l));
        Assert.All(lines[1..], l => Assert.Contains("\"Active\"", l));
        Assert.Contains("张记面馆", lines[1]);

        Assert.Empty((await admin.GetAsync($"/admin/orders?q={batchNo}&status=Refunded")).Document.QuerySelectorAll("[data-testid='orders'] tbody tr"));
        Assert.Empty((await admin.GetAsync($"/admin/orders?q={batchNo}&from={tomorrow}")).Document.QuerySelectorAll("[data-testid='orders'] tbody tr"));
        Assert.Single((await admin.GetAsync($"/admin/orders?q={cards[0].Iccid[^6..]}")).Document.QuerySelectorAll("[data-testid='orders'] tbody tr"));

        foreach (var bad in new[] { "status=Bogus", "status=5", "from=2026-13-01", "to=tomorrow", "agent=abc", "agent=-1", $"from={tomorrow}&to={today}", "q=" + new string('9', 65) })
        {
            var refused = await admin.Http.GetAsync($"/admin/orders?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("notice bad error", await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.GetAsync($"/admin/orders?handler=Csv&{bad}")).StatusCode);
        }

        Assert.NotEqual(HttpStatusCode.OK, (await agent.Http.GetAsync("/admin/orders?handler=Csv")).StatusCode);
    }

    private static readonly Carrier[] Carriers = [Carrier.ChinaMobile, Carrier.ChinaUnicom, Carrier.ChinaTelecom];

    private static int _nextCard;

    /// <summary>New cards of the demo agent's merchant 张记面馆, expiring at different dates, carriers as asked.</summary>
    private Task<List<Card>> AddAgentCardsAsync(int count, Func<int, Carrier> carrier) =>
        portal.WithDbAsync(async db =>
        {
            var merchant = await db.Merchants.SingleAsync(m => m.Name.StartsWith("张记面馆"));
            var today = ChinaTime.Today(TestClock.Instance);
            var cards = Enumerable.Range(0, count).Select(i =>
            {
                var prefix = carrier(i) switch { Carrier.ChinaMobile => "898600", Carrier.ChinaUnicom => "898601", _ => "898603" };
                var body = prefix + "7" + (Environment.ProcessId % 1000).ToString("D3", CultureInfo.InvariantCulture)
                    + Interlocked.Increment(ref _nextCard).ToString("D9", CultureInfo.InvariantCulture);
                var card = new Card(Iccid.Parse(body + Iccid.LuhnCheckDigit(body)), today.AddDays(i % 40 - 10), CardStatus.Active, 100, TestClock.UtcNow);
                card.AssignTerminal(merchant, null, null, 0);
                return card;
            }).ToList();
            db.Cards.AddRange(cards);
            await db.SaveChangesAsync();
            return cards;
        });

    private Task<long> TopUpAsync(decimal amount) =>
        portal.WithDbAsync(async db =>
        {
            var agent = await db.Agents.SingleAsync(a => a.Name.StartsWith("安易通"));
            db.LedgerEntries.Add(agent.TopUp(new Money(amount), "test", TestClock.UtcNow));
            await db.SaveChangesAsync();
            return agent.Id;
        });

    private Task<Money> BalanceAsync(long agentId) => portal.WithDbAsync(db => db.Agents.Where(a => a.Id == agentId).Select(a => a.Balance).SingleAsync());

    private async Task SetCarrierDownAsync(Carrier carrier, bool down)
    {
        using var browser = portal.NewBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/carrier-sim/faults/{carrier}")
        {
            Content = JsonContent.Create(new CarrierFaults { DownUntil = down ? TestClock.Instance.GetUtcNow().AddHours(1) : null }),
        };
        request.Headers.Add(SimulatedCarrierPlatform.ApiKeyHeader, "dev-only-carrier-simulator-key");
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.SendAsync(request)).StatusCode);
    }

    /// <summary>Waits (bounded) until every order of the batch is active or refunded; fails the test if that never happens.</summary>
    private async Task<List<RenewalOrder>> WaitForBatchAsync(string batchNo, TimeSpan? limit = null)
    {
        var until = TestClock.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var orders = await portal.WithDbAsync(db => db.Orders.AsNoTracking().Where(o => o.Batch!.BatchNo == batchNo).ToListAsync());
            if (orders.Count > 0 && orders.All(o => o.Status is OrderStatus.Active or OrderStatus.Refunded))
            {
                return orders;
            }

            if (TestClock.UtcNow > until)
            {
                throw new TimeoutException($"Batch {batchNo} did not settle: {string.Join(", ", orders.GroupBy(o => o.Status).Select(g => $"{g.Key} {g.Count()}"))}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Each card of the batch: renewed by its term from its own expiry (here and on the carrier), or refunded with its expiry as it was.</summary>
    private async Task AssertEachCardRenewedOrRefundedAsync(List<Card> cards, List<RenewalOrder> orders)
    {
        Assert.Equal(cards.Select(c => c.Id).Order(), orders.Select(o => o.CardId).Order());
        var today = ChinaTime.Today(TestClock.Instance);
        foreach (var order in orders)
        {
            var before = cards.Single(c => c.Id == order.CardId);
            var now = await portal.ReloadCardAsync(order.CardId);
            if (order.Status == OrderStatus.Active)
            {
                // Current cards: the same day (or the month's last, when shorter) the term later. Expired ones (today is
                // 2026-11-25): a new term from today, ending on the 24th.
                Assert.Equal(new DateOnly(2026, 11, 25), today);
                if (before.ExpiryDate >= today)
                {
                    Assert.Equal(order.TermMonths, ((now.ExpiryDate.Year - before.ExpiryDate.Year) * 12) + now.ExpiryDate.Month - before.ExpiryDate.Month);
                    Assert.Equal(Math.Min(before.ExpiryDate.Day, DateTime.DaysInMonth(now.ExpiryDate.Year, now.ExpiryDate.Month)), now.ExpiryDate.Day);
                }
                else
                {
                    Assert.Equal(order.TermMonths switch { 1 => new DateOnly(2026, 12, 24), 3 => new DateOnly(2027, 2, 24), _ => default }, now.ExpiryDate);
                }

                var carrierBooks = await portal.WithSimulatorsAsync(db => db.CarrierCards.AsNoTracking().SingleAsync(c => c.Iccid == order.Iccid));
                Assert.Equal(now.ExpiryDate, carrierBooks.Expiry);
            }
            else
            {
                Assert.Equal(OrderStatus.Refunded, order.Status);
                Assert.Equal(before.ExpiryDate, now.ExpiryDate);
            }
        }
    }
}
