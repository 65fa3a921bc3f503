using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Reminders;

namespace PosRenewal.Web.Pages.Merchant;

public sealed record ReminderInput(string? Email, bool BySms, bool ByEmail, string? Language);

/// <summary>The rules merchants' and agents' reminder settings share: an optional e-mail address and one of the two languages.</summary>
public abstract class ContactInputValidator<T> : AbstractValidator<T>
{
    protected ContactInputValidator(System.Linq.Expressions.Expression<Func<T, string?>> email, System.Linq.Expressions.Expression<Func<T, string?>> language)
    {
        RuleFor(email).MaximumLength(Core.Cards.Merchant.EmailMaxLength).WithMessage("The e-mail address is too long.")
            .EmailAddress().WithMessage("Enter an e-mail address such as name@example.com.");
        RuleFor(language).Must(l => l is not null && ReminderLanguages.All.Contains(l)).WithMessage("Choose Chinese or English.");
    }
}

public sealed class ReminderInputValidator : ContactInputValidator<ReminderInput>
{
    public ReminderInputValidator()
        : base(x => x.Email, x => x.Language) =>
        RuleFor(x => x.Email).NotEmpty().When(x => x.ByEmail).WithMessage("Enter an e-mail address, or untick e-mail reminders.");
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
