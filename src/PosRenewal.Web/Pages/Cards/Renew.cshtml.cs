using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PosRenewal.Core.Cards;
using PosRenewal.Core.Payments;
using PosRenewal.Core.Renewals;
using PosRenewal.Infrastructure;

namespace PosRenewal.Web.Pages.Cards;

/// <summary>The confirmation form. The key is issued with the page, so a repeat of this form is recognised.</summary>
/// <summary>The confirmation form. <see cref="ConfirmedTotal"/> is the total the payer saw: if it changed (a promotion ended), nothing is ordered.</summary>
public sealed record RenewInput(string? IdempotencyKey, string? Gateway, string? PromoCode = null, string? ConfirmedTotal = null);

public sealed class RenewInputValidator : AbstractValidator<RenewInput>
{
    public RenewInputValidator(PaymentGateways gateways)
    {
        RuleFor(x => x.IdempotencyKey)
            .Must(k => k is { Length: >= 16 and <= RenewalOrder.IdempotencyKeyMaxLength } && k.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            .WithMessage("This form has expired. Reload the page and confirm again.");
        RuleFor(x => x.Gateway)
            .Must(g => gateways.IsChoice(g) || g is RenewModel.PayFromBalance or RenewModel.SendPayLink)
            .WithMessage("Choose one of the payment methods offered.");
        RuleFor(x => x.PromoCode).Must(c => Core.Promotions.Promotion.TryNormalizeCode(c, out _))
            .WithMessage("This promo code is not valid for this card. Check the code, or renew at the prices shown.");
        RuleFor(x => x.ConfirmedTotal).Must(t => Core.Common.Money.TryParseWire(t, out _))
            .WithMessage("This form has expired. Reload the page and confirm again.");
    }
}

/// <summary><c>/cards/{iccid}/renew/{packageCode}</c>: confirm, then POST creates the order (once) and goes to the gateway.</summary>
public sealed class RenewModel(
    IRenewalService renewals,
    IPaymentService payments,
    PaymentGateways gateways,
    PublicUrl publicUrl,
    IValidator<RenewInput> validator,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l) : PageModel
{
    public RenewalQuote? Quote { get; private set; }

    public Card? Card { get; private set; }

    public string? Problem { get; private set; }

    public RenewInput Input { get; private set; } = new(null, null);

    /// <summary>The normalised promo code carried from the card page, if well-formed.</summary>
    public string? Code => Core.Promotions.Promotion.TryNormalizeCode(Input.PromoCode, out var code) ? code : null;

    /// <summary>Agent-only ways to settle an order: from the prepaid balance, or by a link the merchant pays.</summary>
    public const string PayFromBalance = PaymentErrors.AgentBalance;
    public const string SendPayLink = "PayLink";

    /// <summary>Set when an agent renews on a merchant's behalf.</summary>
    public long? AgentId => User.AgentId();

    /// <summary>The configured gateways in their order, each in the mode for this device; for an agent, also the agent-only ways.</summary>
    public IReadOnlyList<string> PaymentOptions =>
        AgentId is null ? Choices : [PayFromBalance, .. Choices, SendPayLink];

    private IReadOnlyList<string> Choices => gateways.ChoicesFor(PaymentLinks.PayerOf(Request).OnPhone);

    public async Task<IActionResult> OnGetAsync(string iccid, string packageCode, [FromQuery] string? code, CancellationToken ct)
    {
        Input = new RenewInput(Guid.NewGuid().ToString("N"), PaymentOptions.FirstOrDefault(), code);
        return await LoadAsync(iccid, packageCode, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(string iccid, string packageCode, [FromForm] RenewInput input, CancellationToken ct)
    {
        Input = input;
        if (!Iccid.TryParse(iccid, out var parsed, out _))
        {
            return await LoadAsync(iccid, packageCode, ct) ?? Page();
        }

        // The card and its price are read once, by the order itself (which prices fresh and refuses a changed total);
        // the page is only loaded to be shown again, when something is wrong.
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid || !PaymentOptions.Contains(input.Gateway!))
        {
            if (await LoadAsync(iccid, packageCode, ct) is { } problem)
            {
                return problem;
            }

            validation.AddToModelState(ModelState);
            if (validation.IsValid)
            {
                ModelState.AddModelError(nameof(RenewInput.Gateway), "Choose one of the payment methods offered.");
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Core.Common.Money.TryParseWire(input.ConfirmedTotal, out var confirmed);
        var placed = await renewals.PlaceOrderAsync(parsed, packageCode, input.IdempotencyKey!, AgentId, User.Actor(), Code, confirmed, ct);
        if (!placed.IsSuccess)
        {
            return await RefuseAsync(iccid, packageCode, placed.Message!, ct);
        }

        var orderNo = placed.Value!.OrderNo;
        if (AgentId is { } agentId && input.Gateway is PayFromBalance or SendPayLink)
        {
            if (input.Gateway == PayFromBalance)
            {
                var paid = await payments.PayFromBalanceAsync(orderNo, agentId, User.Actor()!, ct);
                if (!paid.IsSuccess && paid.Error != PaymentErrors.NotPayable)
                {
                    return await RefuseAsync(iccid, packageCode, paid.Message!, ct);
                }
            }

            return RedirectToPage("/Agent/Order", new { orderNo });
        }

        var started = await payments.StartAsync(orderNo, input.Gateway!, PaymentLinks.PayerOf(Request), attempt => PaymentLinks.For(publicUrl, Url, attempt), ct);
        return started is { IsSuccess: true, Value.RedirectUrl: { } redirect }
            ? Redirect(redirect)
            : RedirectToPage("/Orders/Show", new { orderNo });
    }

    /// <summary>
    /// The form again (409) with why it was refused, and the price as it is now (the form then carries the new total to
    /// confirm); or, for no such card or package or a deactivated card, the same page the confirmation shows.
    /// </summary>
    private async Task<IActionResult> RefuseAsync(string iccid, string packageCode, string message, CancellationToken ct)
    {
        if (await LoadAsync(iccid, packageCode, ct) is { } problem)
        {
            return problem;
        }

        ModelState.AddModelError("", message);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>Loads card and quote; returns the error page to show when there is nothing to confirm.</summary>
    private async Task<IActionResult?> LoadAsync(string iccid, string packageCode, CancellationToken ct)
    {
        if (!Iccid.TryParse(iccid, out var parsed, out var error))
        {
            Problem = IccidMessages.For(error, iccid, l);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var quote = await renewals.QuoteAsync(parsed, packageCode, AgentId, Code, ct);
        if (!quote.IsSuccess)
        {
            Problem = quote.Message;
            Response.StatusCode = quote.Error == RenewalErrors.CardDeactivated
                ? StatusCodes.Status409Conflict
                : StatusCodes.Status404NotFound;
            return Page();
        }

        Quote = quote.Value;
        Card = quote.Value!.Card;
        return null;
    }
}
