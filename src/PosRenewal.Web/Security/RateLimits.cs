using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PosRenewal.Web.Security;

/// <summary>
/// Per client address limits on the pages a script would hammer: the public lookup and card pages, placing and
/// paying orders, and sign-in. Each limit is a fixed window from configuration (<c>RateLimits:{Name}:PermitLimit</c>,
/// <c>:WindowSeconds</c>). Over the limit the answer is 429 with <c>Retry-After</c> and a page that says when to
/// retry. Gateway notifications and health checks have no limit: a payment must never be turned away.
/// </summary>
public static class RateLimits
{
    public const string Lookup = "Lookup";
    public const string Order = "Order";
    public const string SignIn = "SignIn";

    /// <summary>Where the rejection leaves the seconds to wait, for the error page.</summary>
    public const string RetryAfterItem = "RetryAfterSeconds";

    /// <summary>The defaults: (name, requests, window in seconds).</summary>
    private static readonly (string Name, int Permits, int Seconds)[] Defaults = [(Lookup, 60, 60), (Order, 20, 60), (SignIn, 10, 300)];

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration) =>
        services.AddRateLimiter(options =>
        {
            foreach (var (name, permits, seconds) in Defaults)
            {
                var section = configuration.GetSection($"RateLimits:{name}");
                var limit = new FixedWindowRateLimiterOptions
                {
                    PermitLimit = section.GetValue("PermitLimit", permits),
                    Window = TimeSpan.FromSeconds(section.GetValue("WindowSeconds", seconds)),
                    QueueLimit = 0,
                };
                options.AddPolicy(name, http => Exempt(name, http.Request)
                    ? RateLimitPartition.GetNoLimiter("exempt")
                    : RateLimitPartition.GetFixedWindowLimiter($"{http.Connection.RemoteIpAddress}", _ => limit));
            }

            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
                context.HttpContext.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                // The body is left empty: the status code pages show the error page, which reads this.
                context.HttpContext.Items[RetryAfterItem] = wait;
                return ValueTask.CompletedTask;
            };
        });

    /// <summary>
    /// Never counted: a page's own polling of its state (an open order page must never lock itself out), and loading
    /// the sign-in pages (attempts are what is limited, so a shop where several people sign in is not locked out).
    /// </summary>
    private static bool Exempt(string policy, HttpRequest request) =>
        (request.Query["handler"] == "State" && HttpMethods.IsGet(request.Method))
        || (policy == SignIn && !HttpMethods.IsPost(request.Method));

    /// <summary>Puts the limits on the pages: lookup and card pages, renewal and payment, sign-in.</summary>
    public static void ApplyTo(Microsoft.AspNetCore.Mvc.ApplicationModels.PageConventionCollection conventions)
    {
        foreach (var (page, policy) in new[] { ("/Index", Lookup), ("/Sticker", Lookup), ("/Cards/Renew", Order), ("/Orders/Show", Order), ("/Account/Login", SignIn), ("/Account/Forgot", SignIn), ("/Account/Reset", SignIn) })
        {
            conventions.AddPageApplicationModelConvention(page, model => model.EndpointMetadata.Add(new EnableRateLimitingAttribute(policy)));
        }
    }
}
