using FluentValidation;
using PosRenewal.Core.Reminders;

namespace PosRenewal.Web.Pages.Agent;

public sealed record AgentContactInput(string? Email, string? Language);

public sealed class AgentContactInputValidator() : ContactInputValidator<AgentContactInput>(x => x.Email, x => x.Language);

/// <summary><c>/agent/reminders</c>: the reminders sent about the agent's merchants' cards (and to the agent), and where the agent's copies and daily digest go.</summary>
public sealed class RemindersModel(IReminderService reminders, IValidator<AgentContactInput> validator) : ReminderSettingsModel<AgentContactInput>(validator)
{
    public const int ListSize = 100;

    public Core.Agents.Agent Agent { get; private set; } = null!;

    protected override Task SaveAsync(AgentContactInput input, CancellationToken ct) =>
        reminders.SaveAgentAsync(User.AgentId()!.Value, input.Email, input.Language!, User.Actor()!, ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Agent = (await reminders.GetAgentAsync(User.AgentId()!.Value, ct))!;
        Sent = await reminders.ForAgentAsync(Agent.Id, ListSize, ct);
    }
}
