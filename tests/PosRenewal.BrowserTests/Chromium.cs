using Microsoft.Playwright;

namespace PosRenewal.BrowserTests;

/// <summary>Finds Debian's Chromium (Playwright's own browser download cannot run on these machines).</summary>
public static class Chromium
{
    public static string? Path { get; } = new[]
        {
            Environment.GetEnvironmentVariable("POSRENEWAL_CHROMIUM"),
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
        }
        .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Path ?? throw new InvalidOperationException("Chromium not found: apt-get install chromium"),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>
    /// Waits, up to 30 s, until the page's address satisfies <paramref name="arrived"/>, polling it. Not WaitForURL: when
    /// the address has already moved by the time it is called, that waits for the page's load event, which on CI machines
    /// now and then never came within 30 s (a sign-in landing page, a self-refreshing batch page, a receipt). Each caller's
    /// next step waits for the element it needs.
    /// </summary>
    public static async Task WaitForAddressAsync(IPage page, Func<string, bool> arrived)
    {
        for (var waited = 0; !arrived(page.Url); waited += 100)
        {
            if (waited >= 30_000)
            {
                throw new TimeoutException($"The page is still at {page.Url} after 30 s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Where a test saves a screenshot: artifacts/screenshots in the repository. Tests never write docs/:
    /// <c>bash docs/screenshots/refresh.sh</c> copies these over the documentation's pictures.
    /// </summary>
    public static string ScreenshotPath(string name)
    {
        var path = System.IO.Path.Combine(IntegrationTests.PublishedPortal.RepoRoot, "artifacts", "screenshots", name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }
}

/// <summary>
/// A browser test: skipped on a developer machine without Chromium (naming the package to install),
/// never skipped under CI (CI=true), where a missing browser must fail the run.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        var underCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (Chromium.Path is null && !underCi)
        {
            Skip = "Chromium not found: install Debian's 'chromium' package (apt-get install chromium fonts-noto-cjk) or set POSRENEWAL_CHROMIUM.";
        }
    }
}

/// <summary>
/// The page walk: a browser test that also needs npm (axe-core, vnu-jar) and Java (the Nu Html Checker); skipped on a
/// developer machine without them, naming what to install; never skipped under CI.
/// </summary>
public sealed class PageWalkFactAttribute : FactAttribute
{
    public PageWalkFactAttribute()
    {
        var underCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var missing = new[] { "npm", "java" }.Where(tool => !(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(System.IO.Path.Combine(dir, tool)))).ToList();
        Skip = new BrowserFactAttribute().Skip
            ?? (missing.Count > 0 && !underCi ? $"The page walk needs {string.Join(" and ", missing)}: apt-get install npm default-jre-headless." : null);
    }
}

/// <summary>A browser theory, skipped on the same terms as <see cref="BrowserFactAttribute"/>.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute() => Skip = new BrowserFactAttribute().Skip;
}
