using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Stickers;
using PosRenewal.Infrastructure.Data;
using PosRenewal.IntegrationTests;

namespace PosRenewal.BrowserTests;

/// <summary>
/// Every page, as each role sees it, at a phone's width and a desktop's, in Chinese and in English. Each one must read
/// in its own language only, fit 360 px without scrolling sideways, and pass axe-core and the Nu Html Checker.
/// Screenshots go to artifacts/screenshots/walk (<c>bash docs/screenshots/refresh.sh</c> copies them to the docs).
/// </summary>
public partial class PageWalkTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly (int Width, int Height, string Name)[] Sizes = [(360, 740, "phone"), (1280, 800, "desktop")];

    /// <summary>Latin words a Chinese page may show: names of things, units, and the product's own name.</summary>
    private static readonly HashSet<string> LatinAllowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "ICCID", "SIM", "POS", "PosRenewal", "CSV", "PDF", "MB", "GB", "KB", "QR", "SMS", "URL", "UTC", "UTF", "PNG", "SVG", "Sandbox", "IMEI", "IMSI", "MSISDN",
    };

    [PageWalkFact]
    public async Task Does_read_in_one_language_fit_a_phone_and_pass_axe_and_the_validator_on_every_page()
    {
        var checks = PageChecks.Find();
        var data = await PrepareAsync();
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var findings = new List<string>();
        var sources = Path.Combine(PublishedPortal.RepoRoot, "artifacts", "walk");
        Directory.CreateDirectory(sources);
        var visited = 0;

        foreach (var culture in new[] { "zh-CN", "en-US" })
        {
            foreach (var (role, paths) in Walk(data))
            {
                foreach (var size in Sizes)
                {
                    var context = await browser.NewContextAsync(new()
                    {
                        Locale = culture,
                        ViewportSize = new() { Width = size.Width, Height = size.Height },
                        BaseURL = portal.BaseAddress.ToString(),
                        UserAgent = size.Name == "phone" ? "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36" : null,
                    });
                    var page = await context.NewPageAsync();
                    if (role is not null)
                    {
                        await SignInAsync(page, role.Value.Email, role.Value.Password);
                    }

                    foreach (var (name, path) in paths)
                    {
                        var response = await page.GotoAsync(path);
                        var where = $"{name} ({culture}, {size.Name})";
                        var expected = name switch { "sticker-unknown" => 404, "denied" => 403, _ => 200 };
                        if (response is null || response.Status != expected)
                        {
                            findings.Add($"{where}: HTTP {response?.Status}");
                            continue;
                        }

                        visited++;
                        await VisitAsync(page, response, name, culture, size, checks, sources, findings);
                    }

                    foreach (var (name, path, form, fill) in Refusals(role?.Email))
                    {
                        // A form sent with bad input (the browser's own checks switched off, as an old browser or a script would send it).
                        await page.GotoAsync(path);
                        await page.EvalOnSelectorAsync(form, "f => f.noValidate = true");
                        foreach (var (field, value) in fill)
                        {
                            await page.FillAsync($"{form} {field}", value);
                        }

                        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync($"{form} button[type=submit]"), r => r.Request.IsNavigationRequest);
                        if (refused.Status != 400)
                        {
                            findings.Add($"{name} ({culture}, {size.Name}): HTTP {refused.Status}, not 400");
                            continue;
                        }

                        visited++;
                        await VisitAsync(page, refused, name, culture, size, checks, sources, findings);
                    }

                    if (role?.Email.StartsWith("agent", StringComparison.Ordinal) == true)
                    {
                        // The batch preview and the batch it places: pages reached by posting a form.
                        await page.GotoAsync("/batches/new");
                        await page.FillAsync("#iccids", string.Join("\n", DemoData.DemoIccid(0, 1), DemoData.DemoIccid(2, 2), "8986001234", DemoData.DemoIccid(0, 4)));
                        var preview = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form[data-testid=batch-form] button[type=submit]"), r => r.Request.IsNavigationRequest && r.Status == 200);
                        await VisitAsync(page, preview!, "batch-preview", culture, size, checks, sources, findings);
                        var placed = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form[data-testid=place-form] button[type=submit]"), r => r.Request.IsNavigationRequest && r.Status == 200);
                        await VisitAsync(page, placed!, "batch", culture, size, checks, sources, findings);
                        visited += 2;
                    }

                    await context.CloseAsync();
                }
            }
        }

        findings.AddRange(checks.Validate(Directory.GetFiles(sources, "*.html")));
        Assert.True(visited > 100, $"only {visited} pages were walked");
        Assert.True(findings.Count == 0, $"{findings.Count} findings:\n" + string.Join("\n", findings));
    }

    [BrowserFact]
    public async Task Does_print_the_receipt_without_the_site_around_it()
    {
        using var anonymous = portal.NewBrowser();
        var card = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        var (orderNo, _, payUrl) = await Flow.ConfirmAsync(anonymous, card.Iccid, "CM-1M");
        await Flow.ActAtSandboxAsync(anonymous, payUrl, "Pay");
        await portal.WaitForOrderAsync(orderNo, o => o.IsPaid);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { Locale = "zh-CN", BaseURL = portal.BaseAddress.ToString() });
        await page.GotoAsync($"/orders/{orderNo}");
        await page.EmulateMediaAsync(new() { Media = Media.Print });

        foreach (var selector in new[] { ".site-header", ".site-footer", ".demo-banner", "[data-testid=order-status]" })
        {
            Assert.False(await page.IsVisibleAsync(selector), $"{selector} is printed");
        }

        Assert.True(await page.IsVisibleAsync("article.receipt"));
    }

    private async Task VisitAsync(IPage page, IResponse response, string name, string culture, (int Width, int Height, string Name) size, PageChecks checks, string sources, List<string> findings)
    {
        var where = $"{name} ({culture}, {size.Name})";
        findings.AddRange((await CheckAsync(page, culture, size.Width, checks)).Select(f => $"{where}: {f}"));
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath($"walk/{name}-{culture[..2]}-{size.Name}.png"), FullPage = true });
        if (size.Name == "desktop")
        {
            await File.WriteAllTextAsync(Path.Combine(sources, $"{name}-{culture[..2]}.html"), await response.TextAsync());
        }
    }

    private record Data(string ActiveCard, string FreshCard, string PaidOrder, string QrOrder, string SandboxPay, string AgentOrder, string StickerCard);

    private async Task<Data> PrepareAsync()
    {
        var merchantCard = DemoData.DemoIccid(0, 0);
        using var anonymous = portal.NewBrowser();
        var (paid, _, payUrl) = await Flow.ConfirmAsync(anonymous, merchantCard, "CM-3M");
        await Flow.ActAtSandboxAsync(anonymous, payUrl, "Pay");
        await portal.WaitForOrderAsync(paid, o => o.IsPaid);

        var qrCard = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        var qrPage = await ScanToPay.ConfirmAsync(anonymous, qrCard.Iccid, "CM-1M");
        var pending = await portal.AddCardAsync(new DateOnly(2027, 3, 10));
        var (_, _, sandboxPay) = await Flow.ConfirmAsync(anonymous, pending.Iccid, "CM-1M");

        using var agent = portal.NewBrowser();
        await AccountTests.SignInAsync(agent, "agent@posrenewal.test", "Demo-agent-1");
        var agentCard = DemoData.DemoIccid(0, 1);
        var confirm = await agent.GetAsync($"/cards/{agentCard}/renew/CM-1M");
        var placed = await agent.SubmitAsync(confirm, "form.confirm", new Dictionary<string, string> { ["Gateway"] = "AgentBalance" });
        var agentOrder = placed.Headers.Location!.ToString().Split('/')[^1];

        using (var scope = portal.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IStickerService>()
                .EnsureAsync([merchantCard], null, new Actor("support@posrenewal.test", "Support"), CancellationToken.None);
        }

        return new Data(merchantCard, pending.Iccid, paid, qrPage.Url.AbsolutePath.Split('/')[^1], sandboxPay.PathAndQuery, agentOrder, agentCard);
    }

    private static IEnumerable<((string Email, string Password)? Role, (string Name, string Path)[] Pages)> Walk(Data d) =>
    [
        (null,
        [
            ("lookup", "/"), ("card", $"/cards/{d.ActiveCard}"), ("confirm", $"/cards/{d.FreshCard}/renew/CM-3M"),
            ("order-qr", $"/orders/{d.QrOrder}"), ("receipt", $"/orders/{d.PaidOrder}"), ("sandbox-pay", d.SandboxPay),
            ("sticker-unknown", "/r/AAAAAAAAAAAAAAAAAAAAAA"), ("login", "/account/login"), ("forgot", "/account/forgot"),
        ]),
        (("merchant@posrenewal.test", "Demo-merchant-1"),
        [
            ("merchant-cards", "/merchant"), ("merchant-orders", "/merchant/orders"), ("merchant-order", $"/merchant/orders/{d.PaidOrder}"),
            ("merchant-reminders", "/merchant/reminders"), ("denied", "/admin/users"),
        ]),
        (("agent@posrenewal.test", "Demo-agent-1"),
        [
            ("agent-cards", "/agent"), ("agent-orders", "/agent/orders"), ("agent-order", $"/agent/orders/{d.AgentOrder}"),
            ("agent-reminders", "/agent/reminders"), ("batches", "/batches"), ("batch-new", "/batches/new"), ("stickers", "/stickers"),
            ("sticker-card", $"/stickers/card/{d.StickerCard}"),
        ]),
        (("support@posrenewal.test", "Demo-support-1"),
        [
            ("support", "/support"), ("support-results", "/support?q=" + Uri.EscapeDataString("好又多")), ("support-card", $"/support/cards/{d.ActiveCard}"),
        ]),
        (("admin@posrenewal.test", "Demo-admin-1"),
        [
            ("admin-users", "/admin/users"), ("admin-packages", "/admin/packages"), ("admin-promotions", "/admin/promotions"),
            ("admin-agents", "/admin/agents"), ("admin-orders", "/admin/orders"), ("admin-imports", "/admin/imports"), ("admin-audit", "/admin/audit"),
        ]),
    ];

    /// <summary>Forms each role sends with bad input, to read the messages that come back: (page name, where, form, fields to fill).</summary>
    private static (string Name, string Path, string Form, (string Field, string Value)[] Fill)[] Refusals(string? email) => email switch
    {
        null => [("lookup-refused", "/", "form.lookup", [("#iccid", "8986001234")])],
        "merchant@posrenewal.test" => [("merchant-reminders-refused", "/merchant/reminders", "form[data-testid=reminder-form]", [("#Email", "shop@")])],
        "agent@posrenewal.test" => [("agent-reminders-refused", "/agent/reminders", "form[data-testid=reminder-form]", [("#Email", "agent@")])],
        "admin@posrenewal.test" =>
        [
            ("admin-packages-refused", "/admin/packages", "form[data-testid=package-form]", [("#Code", "cm 24"), ("#TermMonths", "0"), ("#Price", "-1")]),
            ("admin-promotions-refused", "/admin/promotions", "form[data-testid=promotion-form]", [("#Value", "abc")]),
            ("admin-users-refused", "/admin/users", "form[data-testid=user-form]", [("#Email", "staff@")]),
            ("admin-agents-refused", "/admin/agents", "form.topup-form", [("input[name=Amount]", "1.005")]),
        ],
        _ => [],
    };

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form.signin button[type=submit]");
        // Signed in once the address moves on; the walk's next visit waits for its own page to load.
        await Chromium.WaitForAddressAsync(page, url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    /// <summary>The text people read (and hear: labels, titles, placeholders), leaving out what is marked as another language or as a name.</summary>
    private const string ReadableText = """
        () => {
          const skip = el => el.closest('script, style, template, [hidden], [translate=no], [lang]:not(html)');
          const parts = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const el = walker.currentNode.parentElement;
            if (el && !skip(el)) parts.push(walker.currentNode.textContent);
          }
          for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], [alt]')) {
            if (skip(el)) continue;
            for (const a of ['placeholder', 'title', 'aria-label', 'alt']) if (el.hasAttribute(a)) parts.push(el.getAttribute(a));
          }
          parts.push(document.title);
          return parts.join(' ');
        }
        """;

    private async Task<List<string>> CheckAsync(IPage page, string culture, int width, PageChecks checks)
    {
        var findings = new List<string>();
        if (width <= 360 && !await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"))
        {
            findings.Add($"scrolls sideways: {await page.EvaluateAsync<int>("document.documentElement.scrollWidth")} px wide");
        }

        var text = Regex.Replace(await page.EvaluateAsync<string>(ReadableText), @"\S+@\S+", " ");
        if (culture == "en-US")
        {
            findings.AddRange(Chinese().Matches(text).Select(m => $"Chinese on an English page: '{Around(text, m.Index)}'").Distinct().Take(5));
        }
        else
        {
            findings.AddRange(Latin().Matches(text).Where(m => !LatinAllowed.Contains(m.Value))
                .Select(m => $"English on a Chinese page: '{m.Value}' in '{Around(text, m.Index)}'").Distinct().Take(5));
            // Chinese punctuation carries its own space: none after it, and no Latin full stop after Chinese.
            var shown = await page.EvaluateAsync<string>("document.body.innerText");
            findings.AddRange(SpacedPunctuation().Matches(shown).Select(m => $"space or Latin stop in Chinese text: '{Around(shown, m.Index)}'").Distinct().Take(5));
        }

        findings.AddRange(await checks.AxeAsync(page));
        return findings;
    }

    private static string Around(string text, int index)
    {
        var start = Math.Max(0, index - 15);
        return Regex.Replace(text.Substring(start, Math.Min(text.Length - start, 40)), @"\s+", " ");
    }

    [GeneratedRegex(@"[。，、：；！？] +\S|[\u3400-\u9FFF]\.(?!\w)")]
    private static partial Regex SpacedPunctuation();

    [GeneratedRegex(@"[\u3400-\u9FFF\u3000-\u303F\uFF01-\uFF5E]+")]
    private static partial Regex Chinese();

    [GeneratedRegex(@"(?<![A-Za-z0-9_.:/-])[A-Za-z]{2,}(?![A-Za-z0-9_-])")]
    private static partial Regex Latin();
}

/// <summary>
/// axe-core and the Nu Html Checker from tools/page-checks (pinned npm packages; installed by <c>npm ci</c> there when missing).
/// </summary>
public sealed class PageChecks
{
    private PageChecks(string axe, string vnu)
    {
        Axe = axe;
        Vnu = vnu;
    }

    private string Axe { get; }

    private string Vnu { get; }

    public static PageChecks Find()
    {
        var tools = Path.Combine(PublishedPortal.RepoRoot, "tools", "page-checks");
        var axe = Path.Combine(tools, "node_modules", "axe-core", "axe.min.js");
        var vnu = Path.Combine(tools, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
        if (!File.Exists(axe) || !File.Exists(vnu))
        {
            Run("npm", "ci --no-audit --no-fund --ignore-scripts", tools);
        }

        return new PageChecks(File.ReadAllText(axe), vnu);
    }

    /// <summary>Every axe-core violation (WCAG 2.1 A and AA, and best practices) on the page as it stands.</summary>
    public async Task<IEnumerable<string>> AxeAsync(IPage page)
    {
        // Evaluated by the browser's devtools channel, which the page's Content-Security-Policy (rightly) does not let a script tag do.
        await page.EvaluateAsync($"() => {{ {Axe}\n }}");
        var json = await page.EvaluateAsync<string>("async () => JSON.stringify((await axe.run(document)).violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')))");
        return JsonSerializer.Deserialize<string[]>(json)!.Select(v => "axe " + v);
    }

    /// <summary>Every error the Nu Html Checker finds in the pages' HTML as the server sent it.</summary>
    public IEnumerable<string> Validate(IEnumerable<string> files)
    {
        var output = Run("java", $"-jar \"{Vnu}\" --errors-only --format gnu --exit-zero-always " + string.Join(' ', files.Select(f => $"\"{f}\"")), null);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "vnu " + Regex.Replace(l, "^\"?[^\"]*/walk/", ""));
    }

    private static string Run(string file, string arguments, string? directory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result + stderr.Result;
    }
}
