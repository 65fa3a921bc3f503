using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Agents;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Common;

namespace PosRenewal.Web.Pages.Agent;

/// <summary>The agent's card list filters, as typed in the query string.</summary>
public sealed record AgentCardQuery(string? Q, CardStatus? Status, int? Within);

public sealed class AgentCardQueryValidator : AbstractValidator<AgentCardQuery>
{
    public AgentCardQueryValidator()
    {
        RuleFor(x => x.Q).MaximumLength(64).WithMessage("Search for at most 64 characters.");
        RuleFor(x => x.Within).InclusiveBetween(0, 3650).WithMessage("Expires within: a number of days from 0 to 3650.");
        RuleFor(x => x.Status).IsInEnum().WithMessage("Choose a status from the list.");
    }
}

/// <summary><c>/agent</c>: cards of the merchants the agent serves, filterable and searchable.</summary>
public sealed class IndexModel(IAgentService agents, IValidator<AgentCardQuery> validator, TimeProvider clock) : PageModel
{
    public Core.Agents.Agent? Agent { get; private set; }

    public AgentCardQuery Query { get; private set; } = new(null, null, null);

    public IReadOnlyList<Card> Cards { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, string? status, string? within, CancellationToken ct)
    {
        var agentId = User.AgentId()!.Value;
        Agent = await agents.GetAgentAsync(agentId, ct);
        Today = ChinaTime.Today(clock);

        // Parse by hand so a bad value becomes a message, not a silently ignored filter.
        CardStatus? parsedStatus = string.IsNullOrEmpty(status) ? null : Enum.TryParse<CardStatus>(status, out var s) ? s : (CardStatus)(-1);
        int? parsedWithin = string.IsNullOrEmpty(within) ? null : int.TryParse(within, out var w) ? w : -1;
        Query = new AgentCardQuery(q, parsedStatus, parsedWithin);
        var validation = await validator.ValidateAsync(Query, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Cards = await agents.ListCardsAsync(agentId, new AgentCardFilter(parsedStatus, parsedWithin, q), ct);
        return Page();
    }
}
