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
        var adapter = gateways.Find(gateway);
        if (adapter is null)
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
        // Gateways retry until they read their acknowledgement; only verified, recorded outcomes get it. Refused ones
        // (a mismatch) keep coming back while support looks; unverifiable ones are told they were not believed.
        var stored = handling.Outcome is NotificationOutcome.Applied or NotificationOutcome.Duplicate;
        var answer = adapter.Answer(stored, handling.Reason);
        var status = !stored && handling.Outcome != NotificationOutcome.Refused ? StatusCodes.Status401Unauthorized : answer.StatusCode;
        return answer.ContentType is null
            ? Results.StatusCode(status)
            : Results.Content(answer.Body, answer.ContentType, Encoding.UTF8, status);
    }
}
