using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Infrastructure.Identity;

namespace PosRenewal.Web.Pages.Account;

public sealed record ResetInput(string? Email, string? Token, string? Password, string? Confirm);

/// <summary><c>/account/reset</c>: the page a reset link opens; sets the new password once.</summary>
public sealed class ResetModel(PasswordResetService resets) : PageModel
{
    public const string InvalidLink = "This link is not valid any more: it was used, it expired, or it was copied incompletely. Ask for a new one.";

    public ResetInput Input { get; private set; } = new(null, null, null, null);

    public void OnGet(string? email, string? token) => Input = new ResetInput(email, token, null, null);

    public async Task<IActionResult> OnPostAsync([FromForm] ResetInput input)
    {
        Input = input with { Password = null, Confirm = null };
        if (input.Email is not { Length: > 0 and <= 256 } || input.Token is not { Length: > 0 and <= 2000 })
        {
            return Refuse("", InvalidLink);
        }

        if (string.IsNullOrEmpty(input.Password) || input.Password.Length > 256)
        {
            return Refuse("Password", "Enter a new password of 10 to 256 characters.");
        }

        if (input.Password != input.Confirm)
        {
            return Refuse("Confirm", "The two passwords are not the same.");
        }

        var result = await resets.ResetAsync(input.Email, input.Token, input.Password);
        if (result is null)
        {
            return Refuse("", InvalidLink);
        }

        if (!result.Succeeded)
        {
            return Refuse("Password", "Choose a password of at least 10 characters with an upper-case letter, a lower-case letter and a digit.");
        }

        return Redirect("/account/login?reset=1");
    }

    private PageResult Refuse(string field, string message)
    {
        ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
