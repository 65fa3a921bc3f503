using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Accounts;
using PosRenewal.Infrastructure.Identity;

namespace PosRenewal.Web.Pages.Account;

public sealed record LoginInput(string? Email, string? Password, string? ReturnUrl);

public sealed class LoginInputValidator : AbstractValidator<LoginInput>
{
    public LoginInputValidator()
    {
        RuleFor(x => x.Email).NotEmpty().WithMessage("Enter your email address.")
            .MaximumLength(256).EmailAddress().WithMessage("Enter an email address like name@example.com.");
        RuleFor(x => x.Password).NotEmpty().WithMessage("Enter your password.").MaximumLength(256);
    }
}

/// <summary><c>/account/login</c>: password sign-in with lockout after repeated failures.</summary>
public sealed class LoginModel(SignInManager<AppUser> signIn, IValidator<LoginInput> validator, ILogger<LoginModel> logger) : PageModel
{
    public LoginInput Input { get; private set; } = new(null, null, null);

    public void OnGet(string? returnUrl) => Input = new LoginInput(null, null, returnUrl);

    public async Task<IActionResult> OnPostAsync([FromForm] LoginInput input, CancellationToken ct)
    {
        Input = input with { Password = null };
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(input.Email!, input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            var user = await signIn.UserManager.FindByEmailAsync(input.Email!);
            var roles = user is null ? [] : await signIn.UserManager.GetRolesAsync(user);
            return LocalRedirect(Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl! : HomeOf(roles));
        }

        // Same message for an unknown email and a wrong password: never confirm which accounts exist.
        logger.LogInformation("Sign-in refused ({Reason})", result.IsLockedOut ? "locked out" : "bad credentials");
        ModelState.AddModelError("", result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes. Try again later or ask support."
            : "The email or password is not correct.");
        Response.StatusCode = result.IsLockedOut ? StatusCodes.Status423Locked : StatusCodes.Status401Unauthorized;
        return Page();
    }

    private static string HomeOf(IList<string> roles) =>
        roles.Contains(Roles.Merchant) ? "/merchant"
        : roles.Contains(Roles.Agent) ? "/agent"
        : roles.Contains(Roles.Support) ? "/support"
        : roles.Contains(Roles.Admin) ? "/admin/audit"
        : "/";
}
