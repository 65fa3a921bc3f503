using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Accounts;
using PosRenewal.Core.Audit;
using PosRenewal.Core.Common;
using PosRenewal.Core.Support;

namespace PosRenewal.Web.Pages.Support;

/// <summary>A support action that changes something: it needs a reason and an explicit confirmation.</summary>
public sealed record SupportActionInput(string? Reason, bool Confirmed, string? OrderNo, string? TradeNo = null);

public sealed record NoteInput(string? Text);

public sealed class SupportActionInputValidator : AbstractValidator<SupportActionInput>
{
    public SupportActionInputValidator()
    {
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Give a reason; it is written to the card's timeline.").MaximumLength(500);
        RuleFor(x => x.Confirmed).Equal(true).WithMessage("Tick \"I confirm\" to go ahead.");
    }
}

public sealed class NoteInputValidator : AbstractValidator<NoteInput>
{
    public NoteInputValidator() =>
        RuleFor(x => x.Text).NotEmpty().WithMessage("Write the note.").MaximumLength(500).WithMessage("A note has at most 500 characters.");
}

/// <summary><c>/support/cards/{iccid}</c>: the card's file (timeline, orders) and support's actions on it.</summary>
public sealed class CardModel(
    ISupportService support,
    IValidator<SupportActionInput> actionValidator,
    IValidator<NoteInput> noteValidator,
    TimeProvider clock) : PageModel
{
    public CardFile? Dossier { get; private set; }

    public DateOnly Today => ChinaTime.Today(clock);

    private Actor Actor => User.Actor()!;

    public async Task<IActionResult> OnGetAsync(string iccid, CancellationToken ct) => await ShowAsync(iccid, ct);

    public async Task<IActionResult> OnPostNoteAsync(string iccid, [FromForm] NoteInput input, CancellationToken ct)
    {
        var validation = await noteValidator.ValidateAsync(input, ct);
        return validation.IsValid
            ? await AfterAsync(iccid, await support.AddNoteAsync(iccid, input.Text!, Actor, ct), ct)
            : await InvalidAsync(iccid, validation, ct);
    }

    public Task<IActionResult> OnPostSuspendAsync(string iccid, [FromForm] SupportActionInput input, CancellationToken ct) =>
        ActAsync(iccid, input, () => support.SetSuspendedAsync(iccid, suspend: true, input.Reason!, Actor, ct), ct);

    public Task<IActionResult> OnPostResumeAsync(string iccid, [FromForm] SupportActionInput input, CancellationToken ct) =>
        ActAsync(iccid, input, () => support.SetSuspendedAsync(iccid, suspend: false, input.Reason!, Actor, ct), ct);

    public Task<IActionResult> OnPostRefundAsync(string iccid, [FromForm] SupportActionInput input, CancellationToken ct) =>
        ActAsync(iccid, input, () => support.RefundAsync(input.OrderNo ?? "", input.Reason!, Actor, ct), ct);

    public Task<IActionResult> OnPostRefundPaymentAsync(string iccid, [FromForm] SupportActionInput input, CancellationToken ct) =>
        ActAsync(iccid, input, () => support.RefundSecondPaymentAsync(input.OrderNo ?? "", input.TradeNo ?? "", input.Reason!, Actor, ct), ct);

    public Task<IActionResult> OnPostRequeryAsync(string iccid, [FromForm] SupportActionInput input, CancellationToken ct) =>
        ActAsync(iccid, input, () => support.RequeryAsync(input.OrderNo ?? "", Actor, ct), ct);

    public Task<IActionResult> OnPostRetryActivationAsync(string iccid, [FromForm] SupportActionInput input, CancellationToken ct) =>
        ActAsync(iccid, input, () => support.RetryActivationAsync(input.OrderNo ?? "", Actor, ct), ct);

    private async Task<IActionResult> ActAsync<T>(string iccid, SupportActionInput input, Func<Task<Result<T>>> action, CancellationToken ct)
    {
        var validation = await actionValidator.ValidateAsync(input, ct);
        return validation.IsValid ? await AfterAsync(iccid, await action(), ct) : await InvalidAsync(iccid, validation, ct);
    }

    /// <summary>Post/Redirect/Get on success; the card page with the refusal (409, or 404) otherwise.</summary>
    private async Task<IActionResult> AfterAsync<T>(string iccid, Result<T> result, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            return RedirectToPage(new { iccid });
        }

        ModelState.AddModelError("", result.Message!);
        var page = await ShowAsync(iccid, ct);
        Response.StatusCode = result.Error == SupportErrors.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        return page;
    }

    private async Task<IActionResult> InvalidAsync(string iccid, FluentValidation.Results.ValidationResult validation, CancellationToken ct)
    {
        validation.AddToModelState(ModelState);
        var page = await ShowAsync(iccid, ct);
        if (Dossier is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return page;
    }

    private async Task<IActionResult> ShowAsync(string iccid, CancellationToken ct)
    {
        Dossier = await support.GetCardFileAsync(iccid, ct);
        return Dossier is null ? NotFound() : Page();
    }
}
