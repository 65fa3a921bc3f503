using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Reminders;

namespace PosRenewal.Web.Pages.Agent;

public sealed record AgentContactInput(string? Email, string? Language);

public sealed class AgentContactInputValidator() : Merchant.ContactInputValidator<AgentContactInput>(x => x.Email, x => x.Language);

/// <summary><c>/agent/reminders</c>: the reminders sent about the agent's merchants' cards (and to the agent), and where the agent's copies and daily digest go.</summary>
public sealed class RemindersModel(IReminderService reminders, IValidator<AgentContactInput> validator) : PageModel
{
    public const int ListSize = 100;

    public Core.Agents.Agent Agent { get; private set; } = null!;

    public IReadOnlyList<SentNotification> Sent { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync([FromForm] AgentContactInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            ModelState.AddErrors(validation);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await reminders.SaveAgentAsync(User.AgentId()!.Value, input.Email, input.Language!, User.Actor()!, ct);
        return RedirectToPage(new { saved = true });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Agent = (await reminders.GetAgentAsync(User.AgentId()!.Value, ct))!;
        Sent = await reminders.ForAgentAsync(Agent.Id, ListSize, ct);
    }
}
