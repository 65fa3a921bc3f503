using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace PosRenewal.IntegrationTests;

/// <summary>Fetches pages and submits their forms the way a browser does (antiforgery token included).</summary>
public sealed class TestBrowser(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http => http;

    public async Task<Page> GetAsync(string url)
    {
        var response = await http.GetAsync(url);
        return await Page.ReadAsync(response);
    }

    /// <summary>Submits the form (first one, or the one matched by selector) with its fields plus overrides.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(Page page, string formSelector = "form", IDictionary<string, string>? fields = null, string? submitValue = null)
    {
        var form = page.Document.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Url}");
        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && (i.Type is not ("radio" or "checkbox") || i.IsChecked))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .ToList();
        if (submitValue is not null)
        {
            values.Add(new("action", submitValue));
        }

        foreach (var (key, value) in fields ?? new Dictionary<string, string>())
        {
            values.RemoveAll(v => v.Key == key);
            values.Add(new(key, value));
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : new Uri(page.Url, form.GetAttribute("action"));
        return await http.PostAsync(action, new FormUrlEncodedContent(values));
    }

    public void Dispose() => http.Dispose();

    public sealed record Page(HttpStatusCode Status, Uri Url, IHtmlDocument Document, HttpResponseMessage Response)
    {
        public string Text => Document.Body?.TextContent ?? "";

        public static async Task<Page> ReadAsync(HttpResponseMessage response)
        {
            var html = await response.Content.ReadAsStringAsync();
            return new Page(response.StatusCode, response.RequestMessage!.RequestUri!, Parser.ParseDocument(html), response);
        }

        public string? TestId(string id) => Document.QuerySelector($"[data-testid='{id}']")?.TextContent.Trim();
    }
}
