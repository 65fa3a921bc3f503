using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Infrastructure.Identity;

namespace PosRenewal.Web.Pages.Account;

public sealed record ForgotInput(string? Email);

public sealed class ForgotInputValidator : AbstractValidator<ForgotInput>
{
    public ForgotInputValidator() =>
        RuleFor(x => x.Email).NotEmpty().WithMessage("Enter your email address.")
            .MaximumLength(256).EmailAddress().WithMessage("Enter an email address like name@example.com.");
}

/// <summary>
/// <c>/account/forgot</c>: asks for a reset link. The answer is the same whether or not an account exists, and the
/// lookup and the e-mail happen after the answer is sent, so neither the text nor the time tells.
/// </summary>
public sealed class ForgotModel(IValidator<ForgotInput> validator, IServiceScopeFactory scopes, ILogger<ForgotModel> logger) : PageModel
{
    public bool Sent { get; private set; }

    public string? Email { get; private set; }

    public async Task<IActionResult> OnPostAsync([FromForm] ForgotInput input, CancellationToken ct)
    {
        Email = input.Email;
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var address = input.Email!.Trim();
        _ = Task.Run(async () =>
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<PasswordResetService>().RequestAsync(address, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Password reset request failed");
            }
        }, CancellationToken.None);
        Sent = true;
        return Page();
    }
}
