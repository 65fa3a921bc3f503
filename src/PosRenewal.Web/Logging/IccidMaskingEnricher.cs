using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace PosRenewal.Web.Logging;

/// <summary>
/// Masks anything that looks like an ICCID in every string property (the request path of /cards/{iccid}
/// travels on every event of that request), keeping the last 4 characters.
/// </summary>
public sealed partial class IccidMaskingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string text } && IccidLike().IsMatch(text))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(Mask(text))));
            }
        }
    }

    public static string Mask(string text) =>
        IccidLike().Replace(text, m => new string('*', m.Length - 4) + m.Value[^4..]);

    // 89 + 15-40 more letters, digits or the separators people type (spaces, dashes, %20).
    [GeneratedRegex("89[0-9A-Za-z% -]{15,40}", RegexOptions.CultureInvariant)]
    private static partial Regex IccidLike();
}
