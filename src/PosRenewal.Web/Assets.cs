using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace PosRenewal.Web;

/// <summary>
/// Versioned addresses of the static files (<c>/css/site.css?v=…</c>, the file's SHA-256 as <c>asp-append-version</c>
/// writes it), each file hashed once per process. The tag helper looked the version up on every page it rendered: about
/// a fifth of the cost of a card page that is not cached (docs/perf.md). A changed file takes a restart, as settings do.
/// </summary>
public sealed class Assets(IWebHostEnvironment environment)
{
    private readonly ConcurrentDictionary<string, string> urls = new();

    public string Url(string path) => urls.GetOrAdd(path, static (p, root) =>
    {
        var file = root.GetFileInfo(p);
        if (!file.Exists)
        {
            return p;
        }

        using var content = file.CreateReadStream();
        return p + "?v=" + WebEncoders.Base64UrlEncode(SHA256.HashData(content));
    }, environment.WebRootFileProvider);
}
