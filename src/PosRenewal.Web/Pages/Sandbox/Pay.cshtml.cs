using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Infrastructure.Payments.Sandbox;

namespace PosRenewal.Web.Pages.Sandbox;

/// <summary>
/// The Sandbox gateway's hosted payment page (stands in for Alipay's or WeChat Pay's). The payer's
/// choice is recorded by the simulator, which then notifies the portal asynchronously.
/// </summary>
public sealed class PayModel(SandboxSimulator sandbox, TimeProvider clock) : PageModel
{
    public SandboxPayLink? Link { get; private set; }

    public SandboxTrade? Trade { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!TryReadLink())
        {
            return Page();
        }

        Trade = await sandbox.OpenAsync(Link!, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? action, CancellationToken ct)
    {
        if (!TryReadLink())
        {
            return Page();
        }

        if (!Enum.TryParse<SandboxPayerAction>(action, ignoreCase: true, out var choice) || !Enum.IsDefined(choice))
        {
            Problem = "Choose Pay, Decline or Cancel.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Link = null;
            return Page();
        }

        await sandbox.ActAsync(Link!, choice, ct);
        return Redirect(Link!.ReturnUrl.AbsoluteUri);
    }

    private bool TryReadLink()
    {
        var query = Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        Link = SandboxPayLink.Parse(query, sandbox.Signer, clock.GetUtcNow(), out var error);
        if (Link is null)
        {
            Problem = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Link is not null;
    }
}
