using System.Text.RegularExpressions;
using Serilog.AspNetCore;
using Serilog.Events;

namespace PosRenewal.Web.Logging;

/// <summary>Request logging that never writes a full ICCID: paths like /cards/{iccid} are masked to the last 4.</summary>
public static partial class MaskedRequestLogging
{
    public static void Configure(RequestLoggingOptions options)
    {
        options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
        options.GetMessageTemplateProperties = (context, _, elapsed, status) =>
        [
            new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
            new LogEventProperty("RequestPath", new ScalarValue(Mask(context.Request.Path.Value ?? ""))),
            new LogEventProperty("StatusCode", new ScalarValue(status)),
            new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
        ];
        // Health probes every few seconds would drown the log.
        options.GetLevel = (context, _, ex) =>
            ex is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
            : context.Request.Path.StartsWithSegments("/healthz") ? LogEventLevel.Verbose
            : LogEventLevel.Information;
    }

    /// <summary>Masks anything that looks like an ICCID (89 + 15-18 more letters or digits), keeping the last 4.</summary>
    public static string Mask(string text) =>
        IccidLike().Replace(text, m => new string('*', m.Length - 4) + m.Value[^4..]);

    [GeneratedRegex("89[0-9A-Za-z% -]{15,40}", RegexOptions.CultureInvariant)]
    private static partial Regex IccidLike();
}
