using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Dom;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

public partial class LocalizationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string Card = DemoData.DemoIccid(0, 0);

    [Fact]
    public async Task Does_speak_chinese_by_default_and_english_when_the_browser_asks()
    {
        using var chinese = portal.NewBrowser("zh-CN,zh;q=0.9");
        var zh = await chinese.GetAsync($"/cards/{Card}");
        Assert.Equal("zh-CN", zh.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("运营商", zh.Document.QuerySelectorAll(".facts dt")[1].TextContent);
        Assert.Matches(@"^\d{4}年\d{1,2}月\d{1,2}日$", zh.TestId("expiry")!);
        Assert.Matches(@"^¥\d+\.\d\d$", zh.Document.QuerySelector(".price")!.TextContent);

        using var unspecified = portal.NewBrowser("fr-FR");
        Assert.Equal("zh-CN", (await unspecified.GetAsync("/")).Document.DocumentElement.GetAttribute("lang"));

        using var english = portal.NewBrowser("en-GB,en;q=0.8");
        var en = await english.GetAsync($"/cards/{Card}");
        Assert.Equal("en-US", en.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Carrier", en.Document.QuerySelectorAll(".facts dt")[1].TextContent);
        Assert.Matches(@"^[A-Z][a-z]{2} \d{1,2}, \d{4}$", en.TestId("expiry")!);
    }

    [Fact]
    public async Task Does_remember_the_language_switch_in_a_cookie()
    {
        using var browser = portal.NewBrowser("zh-CN");
        var page = await browser.GetAsync($"/cards/{Card}?x=1");
        var link = page.Document.QuerySelector("[data-testid=language]")!.GetAttribute("href")!;

        var switched = await browser.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal($"/cards/{Card}?x=1", switched.Headers.Location!.ToString());
        Assert.Contains(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Equal("en-US", (await browser.GetAsync("/")).Document.DocumentElement.GetAttribute("lang"));

        Assert.Equal(HttpStatusCode.BadRequest, (await browser.Http.GetAsync("/language?culture=fr-FR&returnUrl=/")).StatusCode);
        var offsite = await browser.Http.GetAsync("/language?culture=zh-CN&returnUrl=//evil.example/");
        Assert.Equal("/", offsite.Headers.Location!.ToString());
        Assert.Equal("zh-CN", (await browser.GetAsync("/")).Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Does_explain_a_bad_iccid_in_the_readers_language()
    {
        using var chinese = portal.NewBrowser("zh-CN");
        var zh = await chinese.GetAsync("/?iccid=8986001234");
        Assert.Equal(HttpStatusCode.BadRequest, zh.Status);
        Assert.Contains("ICCID 太短：只有 10 位", zh.Document.QuerySelector("#iccid-error")!.TextContent, StringComparison.Ordinal);

        using var english = portal.NewBrowser();
        var en = await english.GetAsync("/?iccid=8986001234");
        Assert.Contains("it has 10 characters", en.Document.QuerySelector("#iccid-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Does_have_a_chinese_text_for_every_text_the_pages_ask_for()
    {
        var web = Path.Combine(ReadmeDemoCardsTests.RepoRoot(), "src", "PosRenewal.Web");
        var resx = XDocument.Load(Path.Combine(web, "Resources", "SharedResource.zh-CN.resx"));
        var translated = resx.Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var used = Directory.EnumerateFiles(Path.Combine(web, "Pages"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => LocalizedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace("\\\"", "\"")))
            .Distinct()
            .ToList();

        Assert.True(used.Count > 150, $"only {used.Count} keys found: is the pattern still right?");
        Assert.Equal([], used.Where(k => !translated.ContainsKey(k)).ToList());
        Assert.Equal([], translated.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key).ToList());
        // Placeholders must survive translation, or string.Format throws on a Chinese page.
        Assert.Equal([], translated.Where(t => Placeholders(t.Key) != Placeholders(t.Value)).Select(t => t.Key).ToList());
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task Does_serve_pages_with_unique_ids_and_a_label_for_every_field(string language)
    {
        using var browser = portal.NewBrowser(language);
        foreach (var url in new[] { "/", "/?iccid=89", $"/cards/{Card}", $"/cards/{Card}/renew/CM-3M", "/r/AAAAAAAAAAAAAAAAAAAAAA", "/account/login" })
        {
            var page = await browser.GetAsync(url);
            var ids = page.Document.QuerySelectorAll("[id]").Select(e => e.Id!).ToList();
            Assert.True(ids.Count == ids.Distinct().Count(), $"{url}: duplicate ids");
            foreach (var field in page.Document.QuerySelectorAll("input:not([type=hidden]), select, textarea"))
            {
                var labelled = (field.Id is { } id && page.Document.QuerySelector($"label[for='{id}']") is not null)
                    || field.Closest("label") is not null || field.HasAttribute("aria-label");
                Assert.True(labelled, $"{url}: {field.OuterHtml} has no label");
                foreach (var described in (field.GetAttribute("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    Assert.True(page.Document.GetElementById(described) is not null, $"{url}: aria-describedby {described} points nowhere");
                }
            }
        }
    }

    private static string Placeholders(string s) => string.Join(',', Regex.Matches(s, @"\{\d+\}").Select(m => m.Value).Order());

    [GeneratedRegex(@"\b[Ll]\[\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LocalizedKey();
}
