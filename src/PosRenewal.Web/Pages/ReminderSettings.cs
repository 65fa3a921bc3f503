using System.Linq.Expressions;
using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Reminders;

namespace PosRenewal.Web.Pages;

/// <summary>The rules merchants' and agents' reminder settings share: an optional e-mail address and one of the two languages.</summary>
public abstract class ContactInputValidator<T> : AbstractValidator<T>
{
    protected ContactInputValidator(Expression<Func<T, string?>> email, Expression<Func<T, string?>> language)
    {
        RuleFor(email).MaximumLength(Core.Cards.Merchant.EmailMaxLength).WithMessage("The e-mail address is too long.")
            .EmailAddress().WithMessage("Enter an e-mail address such as name@example.com.");
        RuleFor(language).Must(l => l is not null && ReminderLanguages.All.Contains(l)).WithMessage("Choose Chinese or English.");
    }
}

/// <summary>
/// The reminder settings pages (merchant, agent): show the settings and what was sent; a valid form is
/// saved and the page comes back saying so, an invalid one is shown again with its errors (400).
/// </summary>
public abstract class ReminderSettingsModel<TInput>(IValidator<TInput> validator) : PageModel
{
    public IReadOnlyList<SentNotification> Sent { get; protected set; } = [];

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync([FromForm] TInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await SaveAsync(input, ct);
        return RedirectToPage(new { saved = true });
    }

    /// <summary>Loads the current settings and <see cref="Sent"/>.</summary>
    protected abstract Task LoadAsync(CancellationToken ct);

    protected abstract Task SaveAsync(TInput input, CancellationToken ct);
}
