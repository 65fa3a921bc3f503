using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Accounts;
using PosRenewal.Core.Common;
using PosRenewal.Infrastructure.Identity;

namespace PosRenewal.Web.Pages.Admin;

/// <summary>A new user, or a role change (with <see cref="UserId"/>).</summary>
public sealed record UserInput(string? UserId, string? Email, string? Role, long? MerchantId, long? AgentId);

public sealed class UserInputValidator : AbstractValidator<UserInput>
{
    public UserInputValidator()
    {
        const string address = "Enter an e-mail address such as name@example.com.";
        RuleFor(x => x.Email).NotEmpty().WithMessage(address).EmailAddress().WithMessage(address).MaximumLength(256).WithMessage(address)
            .When(x => x.UserId is null);
        RuleFor(x => x.Role).Must(r => r is not null && Roles.All.Contains(r)).WithMessage("Choose one of the roles.");
    }
}

/// <summary><c>/admin/users</c>: create users, change their role, lock and unlock them, reset passwords.</summary>
public sealed class UsersModel(UserAdminService admin, IValidator<UserInput> validator, IPosRenewalDb db) : PageModel
{
    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    public IReadOnlyList<Core.Cards.Merchant> Merchants { get; private set; } = [];

    public IReadOnlyList<Core.Agents.Agent> Agents { get; private set; } = [];

    /// <summary>A new or reset password, shown once to hand over.</summary>
    public (string Email, string Password)? Issued { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostSaveAsync([FromForm] UserInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState);
            return await ShowAsync(StatusCodes.Status400BadRequest, ct);
        }

        if (input.UserId is null)
        {
            var email = input.Email!.Trim();
            return await AfterAsync(await admin.CreateAsync(email, input.Role!, input.MerchantId, input.AgentId, User.Actor()!, ct), email, ct);
        }

        return await AfterAsync(await admin.ChangeRoleAsync(input.UserId, input.Role!, input.MerchantId, input.AgentId, User.Actor()!, ct), null, ct);
    }

    public async Task<IActionResult> OnPostLockAsync([FromForm] string userId, [FromForm] bool locked, CancellationToken ct) =>
        await AfterAsync(await admin.SetLockedAsync(userId, locked, User.Actor()!, ct), null, ct);

    public async Task<IActionResult> OnPostResetAsync([FromForm] string userId, CancellationToken ct) =>
        await AfterAsync(await admin.ResetPasswordAsync(userId, User.Actor()!, ct), (await LoadUserEmailAsync(userId, ct)) ?? "", ct);

    private async Task<string?> LoadUserEmailAsync(string userId, CancellationToken ct) =>
        (await admin.ListAsync(ct)).FirstOrDefault(u => u.Id == userId)?.Email;

    /// <summary>Passwords are shown on this response only (never put in a redirect); other changes redirect.</summary>
    private async Task<IActionResult> AfterAsync(Result<string> result, string? passwordFor, CancellationToken ct)
    {
        if (!result.IsSuccess)
        {
            ModelState.AddModelError("", result.Message!);
            return await ShowAsync(result.Error == "not_found" ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, ct);
        }

        if (passwordFor is null)
        {
            return RedirectToPage();
        }

        Issued = (passwordFor, result.Value!);
        Response.Headers.CacheControl = "no-store";
        return await ShowAsync(StatusCodes.Status200OK, ct);
    }

    private async Task<IActionResult> ShowAsync(int status, CancellationToken ct)
    {
        await LoadAsync(ct);
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Users = await admin.ListAsync(ct);
        Merchants = await db.Merchants.AsNoTracking().OrderBy(m => m.Name).Take(500).ToListAsync(ct);
        Agents = await db.Agents.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
    }
}
