using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace PosRenewal.Web.Localization;

/// <summary>The portal's languages: Chinese by default, English on request (cookie, then the browser's preference).</summary>
public static class Cultures
{
    public const string Chinese = "zh-CN";
    public const string English = "en-US";

    public static readonly IReadOnlyList<string> Supported = [Chinese, English];

    public static RequestLocalizationOptions Options()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(Chinese)
            .AddSupportedCultures([.. Supported])
            .AddSupportedUICultures([.. Supported]);
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new CustomRequestCultureProvider(context => Task.FromResult(FromAcceptLanguage(context.Request.Headers.AcceptLanguage))),
        ];
        return options;
    }

    /// <summary>Any English (en-GB, en) reads the English pages and any Chinese reads the Chinese ones, in the browser's order of preference.</summary>
    public static ProviderCultureResult? FromAcceptLanguage(Microsoft.Extensions.Primitives.StringValues header)
    {
        if (!StringWithQualityHeaderValue.TryParseList(header, out var languages))
        {
            return null;
        }

        foreach (var language in languages.Where(l => l.Quality is not 0).OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = language.Value.Value ?? "";
            if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            {
                return new ProviderCultureResult(Chinese);
            }

            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return new ProviderCultureResult(English);
            }
        }

        return null;
    }

    /// <summary>The culture a switch link offers: the one not in use.</summary>
    public static string Other => IsChinese ? English : Chinese;

    public static bool IsChinese => CultureInfo.CurrentUICulture.Name == Chinese;
}
