using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Reminders;

namespace PosRenewal.Web.Pages.Merchant;

public sealed record ReminderInput(string? Email, bool BySms, bool ByEmail, string? Language);

public sealed class ReminderInputValidator : AbstractValidator<ReminderInput>
{
    public ReminderInputValidator()
    {
        RuleFor(x => x.Email).MaximumLength(Core.Cards.Merchant.EmailMaxLength).WithMessage("The e-mail address is too long.")
            .EmailAddress().WithMessage("Enter an e-mail address such as name@example.com.");
        RuleFor(x => x.Email).NotEmpty().When(x => x.ByEmail).WithMessage("Enter an e-mail address, or untick e-mail reminders.");
        RuleFor(x => x.Language).Must(l => l is not null && ReminderLanguages.All.Contains(l)).WithMessage("Choose Chinese or English.");
    }
}

/// <summary><c>/merchant/reminders</c>: how the shop is reminded before its cards expire (or not at all), and what was sent.</summary>
public sealed class RemindersModel(IReminderService reminders, IValidator<ReminderInput> validator) : PageModel
{
    public const int ListSize = 50;

    public Core.Cards.Merchant Merchant { get; private set; } = null!;

    public IReadOnlyList<SentNotification> Sent { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync([FromForm] ReminderInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            ModelState.AddErrors(validation);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await reminders.SaveMerchantAsync(User.MerchantId(), input.Email, input.BySms, input.ByEmail, input.Language!, User.Actor()!, ct);
        return RedirectToPage(new { saved = true });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Merchant = (await reminders.GetMerchantAsync(User.MerchantId(), ct))!;
        Sent = await reminders.ForMerchantAsync(Merchant.Id, ListSize, ct);
    }
}
