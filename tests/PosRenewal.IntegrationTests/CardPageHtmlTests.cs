using System.Net;
using System.Text.RegularExpressions;
using PosRenewal.Infrastructure.Data;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// The card page and the lookup page, byte for byte (up to whitespace between tags and the files' version hashes),
/// against pages kept in <c>PageHtml/</c>: one for each kind of card and answer, in both languages, anonymous and
/// signed in. They were taken from the Razor Pages card page before it became a Razor slice, so any change of markup
/// shows here. A page that differs is written to <c>artifacts/page-html/</c>; when the change is meant, copy it over.
/// </summary>
public partial class CardPageHtmlTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string Active = DemoData.DemoIccid(0, 0);

    // A well-formed ICCID (its check digit right) that no card has.
    private static readonly string Unknown = "8986002599991234567" + PosRenewal.Core.Cards.Iccid.LuhnCheckDigit("8986002599991234567");

    public static TheoryData<string, string, string?, int> Pages() => new()
    {
        // name, address, language (null: signed in as the demo agent, in English), status
        { "active-en", $"/cards/{Active}", "en-US", 200 },
        { "expiring-zh", $"/cards/{DemoData.DemoIccid(1, 1)}", "zh-CN", 200 },
        { "expired-code-accepted-en", $"/cards/{DemoData.DemoIccid(2, 2)}?code=gift1g", "en-US", 200 },
        { "suspended-code-refused-zh", $"/cards/{DemoData.DemoIccid(0, 3)}?code=NOPE", "zh-CN", 200 },
        { "code-malformed-en", $"/cards/{Active}?code=%3Cb%3E", "en-US", 400 },
        { "deactivated-en", $"/cards/{DemoData.DemoIccid(2, 4)}", "en-US", 200 },
        { "letters-en", $"/cards/{DemoData.UnicomLetterIccid}", "en-US", 200 },
        { "invalid-en", "/cards/89860025000012345677", "en-US", 400 },
        { "unknown-zh", $"/cards/{Unknown}", "zh-CN", 404 },
        { "agent-en", $"/cards/{Active}", null, 200 },
        { "lookup-en", "/", "en-US", 200 },
        { "lookup-invalid-zh", "/?iccid=8986%3Cscript%3E", "zh-CN", 400 },
        { "sticker-unknown-en", "/r/NOPE", "en-US", 404 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Does_render_the_same_html_as_before(string name, string address, string? language, int status)
    {
        using var browser = portal.NewBrowser(language ?? "en-US");
        if (language is null)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.SignInAsync(browser, "agent@posrenewal.test", "Demo-agent-1")).StatusCode);
        }

        var response = await browser.Http.GetAsync(address);
        var html = Normalize(await response.Content.ReadAsStringAsync());

        Assert.Equal(status, (int)response.StatusCode);
        var expectedFile = Path.Combine(ReadmeDemoCardsTests.RepoRoot(), "tests", "PosRenewal.IntegrationTests", "PageHtml", name + ".html");
        var expected = File.Exists(expectedFile) ? Normalize(await File.ReadAllTextAsync(expectedFile)) : null;
        if (html != expected)
        {
            var actual = Path.Combine(Directory.CreateDirectory(Path.Combine(PublishedPortal.RepoRoot, "artifacts", "page-html")).FullName, name + ".html");
            await File.WriteAllTextAsync(actual, html);
            Assert.Fail($"{address} differs from {expectedFile}; what it gave is in {actual}.\n{FirstDifference(expected ?? "", html)}");
        }
    }

    /// <summary>One line per tag, no indentation, and no version hash on file addresses.</summary>
    private static string Normalize(string html) =>
        VersionHash().Replace(BetweenTags().Replace(Whitespace().Replace(html.Trim(), " "), ">\n<"), "?v=HASH");

    private static string FirstDifference(string expected, string actual)
    {
        var at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
        {
            at++;
        }

        string Around(string s) => s.Substring(Math.Max(0, at - 80), Math.Min(s.Length, at + 80) - Math.Max(0, at - 80));
        return $"expected: …{Around(expected)}…\nactual:   …{Around(actual)}…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@">\s*<")]
    private static partial Regex BetweenTags();

    [GeneratedRegex(@"\?v=[A-Za-z0-9_-]+")]
    private static partial Regex VersionHash();
}
