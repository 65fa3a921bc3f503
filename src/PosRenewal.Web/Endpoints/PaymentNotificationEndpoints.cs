using System.Text;
using PosRenewal.Core.Payments;

namespace PosRenewal.Web.Endpoints;

/// <summary><c>POST /payments/notify/{gateway}</c>: gateways' signed asynchronous notifications.</summary>
public static class PaymentNotificationEndpoints
{
    /// <summary>Larger bodies are not notifications; refuse them before reading.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static void MapPaymentNotifications(this IEndpointRouteBuilder app) =>
        app.MapPost("/payments/notify/{gateway}", HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(string gateway, HttpRequest request, IPaymentService payments, PaymentGateways gateways, CancellationToken ct)
    {
        if (gateways.Find(gateway) is null)
        {
            return Results.NotFound();
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Results.Text("body too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            var buffer = new char[MaxBodyBytes + 1];
            var read = await reader.ReadBlockAsync(buffer, ct);
            if (read > MaxBodyBytes)
            {
                return Results.Text("body too large", statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            body = new string(buffer, 0, read);
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var handling = await payments.HandleNotificationAsync(gateway, headers, body, request.HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        // Gateways retry until they read "success"; only verified, recorded outcomes get it.
        return handling.Outcome switch
        {
            NotificationOutcome.Applied or NotificationOutcome.Duplicate => Results.Text("success"),
            NotificationOutcome.Refused => Results.Text($"refused: {handling.Reason}", statusCode: StatusCodes.Status422UnprocessableEntity),
            _ => Results.Text($"invalid: {handling.Reason}", statusCode: StatusCodes.Status401Unauthorized),
        };
    }
}
