using Serilog.AspNetCore;
using Serilog.Events;

namespace PosRenewal.Web.Logging;

public static class MaskedRequestLogging
{
    public static void Configure(RequestLoggingOptions options, Serilog.ILogger logger)
    {
        options.Logger = logger;
        // Health probes every few seconds would drown the log.
        options.GetLevel = (context, _, ex) =>
            ex is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
            : context.Request.Path.StartsWithSegments("/healthz") ? LogEventLevel.Verbose
            : LogEventLevel.Information;
    }
}
