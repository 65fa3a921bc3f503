using FluentValidation;
using PosRenewal.Core.Reminders;

namespace PosRenewal.Web.Pages.Merchant;

public sealed record ReminderInput(string? Email, bool BySms, bool ByEmail, string? Language);

public sealed class ReminderInputValidator : ContactInputValidator<ReminderInput>
{
    public ReminderInputValidator()
        : base(x => x.Email, x => x.Language) =>
        RuleFor(x => x.Email).NotEmpty().When(x => x.ByEmail).WithMessage("Enter an e-mail address, or untick e-mail reminders.");
}

/// <summary><c>/merchant/reminders</c>: how the shop is reminded before its cards expire (or not at all), and what was sent.</summary>
public sealed class RemindersModel(IReminderService reminders, IValidator<ReminderInput> validator) : ReminderSettingsModel<ReminderInput>(validator)
{
    public const int ListSize = 50;

    public Core.Cards.Merchant Merchant { get; private set; } = null!;

    protected override Task SaveAsync(ReminderInput input, CancellationToken ct) =>
        reminders.SaveMerchantAsync(User.MerchantId(), input.Email, input.BySms, input.ByEmail, input.Language!, User.Actor()!, ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Merchant = (await reminders.GetMerchantAsync(User.MerchantId(), ct))!;
        Sent = await reminders.ForMerchantAsync(Merchant.Id, ListSize, ct);
    }
}
