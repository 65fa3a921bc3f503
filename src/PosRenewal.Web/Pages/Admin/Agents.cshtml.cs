using System.Globalization;
using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Common;

namespace PosRenewal.Web.Pages.Admin;

public sealed record FeeInput(long AgentId, string? Kind, string? Value);

public sealed record TopUpInput(long AgentId, string? Amount, string? Reason, bool Confirmed);

public sealed record ReverseInput(long AgentId, long EntryId, string? Reason);

public sealed class ReverseInputValidator : AbstractValidator<ReverseInput>
{
    public ReverseInputValidator() =>
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Give a reason, such as the bank transfer reference.")
            .MaximumLength(500).WithMessage("The reason is at most 500 characters.");
}

public sealed class FeeInputValidator : AbstractValidator<FeeInput>
{
    public FeeInputValidator()
    {
        RuleFor(x => x.Kind).Must(k => Enum.TryParse<FeeKind>(k, out var kind) && Enum.IsDefined(kind)).WithMessage("Choose Flat or Percent.");
        RuleFor(x => x.Value).Must(v => AgentsModel.ParseAmount(v) is >= 0 and <= 1000).WithMessage("The fee is a number from 0 to 1000 with at most two decimals.");
        RuleFor(x => x).Must(x => x.Kind != nameof(FeeKind.Percent) || AgentsModel.ParseAmount(x.Value) <= 100)
            .WithMessage("A percentage fee is at most 100.").OverridePropertyName(nameof(FeeInput.Value));
    }
}

public sealed class TopUpInputValidator : AbstractValidator<TopUpInput>
{
    public TopUpInputValidator()
    {
        RuleFor(x => x.Amount).Must(v => AgentsModel.ParseAmount(v) is > 0 and <= 100_000).WithMessage("A top-up is from ¥0.01 to ¥100,000.00, with at most two decimals.");
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Give a reason, such as the bank transfer reference.")
            .MaximumLength(500).WithMessage("The reason is at most 500 characters.");
        RuleFor(x => x.Confirmed).Equal(true).WithMessage("Tick the confirmation to top up.");
    }
}

/// <summary><c>/admin/agents</c>: fee rules and prepaid balances.</summary>
public sealed class AgentsModel(IAgentAdminService admin, IValidator<FeeInput> feeValidator, IValidator<TopUpInput> topUpValidator, IValidator<ReverseInput> reverseValidator) : PageModel
{
    public const int LedgerSize = 10;

    public IReadOnlyList<Core.Agents.Agent> Agents { get; private set; } = [];

    /// <summary>Each agent's newest ledger entries, top-ups marked when reversed.</summary>
    public Dictionary<long, IReadOnlyList<(LedgerEntry Entry, bool Reversed)>> Ledgers { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostReverseAsync([FromForm] ReverseInput input, CancellationToken ct)
    {
        var validation = await reverseValidator.ValidateAsync(input, ct);
        return validation.IsValid
            ? await AfterAsync(await admin.ReverseTopUpAsync(input.AgentId, input.EntryId, input.Reason!, User.Actor()!, ct), ct)
            : await InvalidAsync(validation, ct);
    }

    public async Task<IActionResult> OnPostFeeAsync([FromForm] FeeInput input, CancellationToken ct)
    {
        var validation = await feeValidator.ValidateAsync(input, ct);
        return validation.IsValid
            ? await AfterAsync(await admin.SetFeeAsync(input.AgentId, Enum.Parse<FeeKind>(input.Kind!), ParseAmount(input.Value)!.Value, User.Actor()!, ct), ct)
            : await InvalidAsync(validation, ct);
    }

    public async Task<IActionResult> OnPostTopUpAsync([FromForm] TopUpInput input, CancellationToken ct)
    {
        var validation = await topUpValidator.ValidateAsync(input, ct);
        return validation.IsValid
            ? await AfterAsync(await admin.TopUpAsync(input.AgentId, new Money(ParseAmount(input.Amount)!.Value), input.Reason!, User.Actor()!, ct), ct)
            : await InvalidAsync(validation, ct);
    }

    /// <summary>A plain decimal with at most two places ("12", "12.5", "12.50"), or null.</summary>
    public static decimal? ParseAmount(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && decimal.Round(d, 2) == d ? d : null;

    private async Task<IActionResult> AfterAsync(Result<Core.Agents.Agent> result, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            return RedirectToPage();
        }

        ModelState.AddModelError("", result.Message!);
        await LoadAsync(ct);
        Response.StatusCode = result.Error == "not_found" ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<IActionResult> InvalidAsync(FluentValidation.Results.ValidationResult validation, CancellationToken ct)
    {
        validation.AddToModelState(ModelState);
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Agents = await admin.ListAsync(ct);
        foreach (var agent in Agents)
        {
            Ledgers[agent.Id] = await admin.RecentLedgerAsync(agent.Id, LedgerSize, ct);
        }
    }
}
