using System.Net;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Common;

namespace PosRenewal.IntegrationTests;

/// <summary>Top-ups are reversed by a new, opposite ledger entry, once, and only while the balance covers them.</summary>
public class LedgerReversalTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<(Agent Agent, LedgerEntry TopUp)> NewAgentWithTopUpAsync(decimal amount) =>
        await portal.WithDbAsync(async db =>
        {
            var agent = new Agent($"Ledger agent {Guid.NewGuid():N}"[..24], FeeKind.Flat, 1m);
            db.Agents.Add(agent);
            var topUp = agent.TopUp(new Money(amount), "test", TestClock.UtcNow);
            db.LedgerEntries.Add(topUp);
            await db.SaveChangesAsync();
            return (agent, topUp);
        });

    private Task<Agent> ReloadAsync(long id) => portal.WithDbAsync(db => db.Agents.AsNoTracking().SingleAsync(a => a.Id == id));

    private static async Task<HttpResponseMessage> ReverseAsync(TestBrowser admin, TestBrowser.Page page, long entryId, string reason) =>
        await admin.SubmitAsync(page, $"tr[data-entry='{entryId}'] form.reverse-form", new Dictionary<string, string> { ["Reason"] = reason });

    [Fact]
    public async Task Does_reverse_a_top_up_once_with_an_opposite_entry_even_when_admins_press_together()
    {
        var (agent, topUp) = await NewAgentWithTopUpAsync(50m);
        using var admin = portal.NewBrowser();
        await AccountTests.SignInAsync(admin, "admin@posrenewal.test", "Demo-admin-1");
        var page = await admin.GetAsync("/admin/agents");

        Assert.Equal(HttpStatusCode.BadRequest, (await ReverseAsync(admin, page, topUp.Id, "")).StatusCode);
        Assert.Equal(50m, (await ReloadAsync(agent.Id)).Balance.Amount);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ReverseAsync(admin, page, topUp.Id, "transfer bounced"))));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Redirect));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Redirect), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));

        Assert.Equal(0m, (await ReloadAsync(agent.Id)).Balance.Amount);
        var ledger = await portal.WithDbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.AgentId == agent.Id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([LedgerKind.TopUp, LedgerKind.Reversal], ledger.Select(e => e.Kind));
        Assert.Equal((-50m, topUp.Id, 0m), (ledger[1].Amount, ledger[1].ReversesEntryId, ledger[1].BalanceAfter.Amount));
        Assert.Equal(50m, ledger[0].Amount);
        Assert.Contains("Reversed", (await admin.GetAsync("/admin/agents")).Document.QuerySelector($"tr[data-entry='{topUp.Id}']")!.TextContent);
    }

    [Fact]
    public async Task Does_refuse_to_reverse_a_top_up_already_spent()
    {
        var (agent, topUp) = await NewAgentWithTopUpAsync(30m);
        await portal.WithDbAsync(async db =>
        {
            var tracked = await db.Agents.SingleAsync(a => a.Id == agent.Id);
            Assert.True(tracked.TryDebit(new Money(12m), "R000TEST", "test", TestClock.UtcNow, out var debit));
            db.LedgerEntries.Add(debit!);
            return await db.SaveChangesAsync();
        });
        using var admin = portal.NewBrowser();
        await AccountTests.SignInAsync(admin, "admin@posrenewal.test", "Demo-admin-1");

        var refused = await ReverseAsync(admin, await admin.GetAsync("/admin/agents"), topUp.Id, "mistake");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("no longer covers", await refused.Content.ReadAsStringAsync());
        Assert.Equal(18m, (await ReloadAsync(agent.Id)).Balance.Amount);
    }
}
