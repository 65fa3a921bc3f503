using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// Pages link their styles and scripts with the file's own SHA-256 in the address (what <c>asp-append-version</c> wrote),
/// so a deployment that changes a file gives browsers a new address instead of their cached copy.
/// </summary>
public partial class AssetTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Does_link_each_style_and_script_with_the_hash_of_the_file_it_serves()
    {
        var client = portal.CreateClient();
        var page = await client.GetStringAsync("/");
        var links = Linked().Matches(page).Select(m => (Path: m.Groups["path"].Value, Version: m.Groups["v"].Value)).ToList();

        Assert.Contains(links, l => l.Path == "/css/site.css");
        Assert.Contains(links, l => l.Path == "/js/lookup.js");
        foreach (var (path, version) in links)
        {
            var served = await client.GetByteArrayAsync(path);
            Assert.Equal(WebEncoders.Base64UrlEncode(SHA256.HashData(served)), version);
        }
    }

    [GeneratedRegex("""(?:href|src)="(?<path>/(?:css|js)/[^"?]+)\?v=(?<v>[^"]+)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Linked();
}
