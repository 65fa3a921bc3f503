namespace PosRenewal.Core.Common;

/// <summary>
/// Words for a page to say in its own language: an English composite format (which is also the translation's key) and
/// its values. Enum values are said in the page's language; <see cref="Recorded"/> text stays as it was recorded.
/// </summary>
public sealed record Phrase(string Format, params object?[] Args);

/// <summary>Text kept as it was recorded (a gateway's words, a reason a job wrote): shown as it is, marked as English.</summary>
public sealed record Recorded(string Text);

/// <summary>An audit entry's before, after or reason as it was stored (<see cref="Audit.AuditDetails"/>, or what a person typed).</summary>
public sealed record AuditText(string? Text);

/// <summary>A name kept in both languages (a package's, a promotion's): said in the page's.</summary>
public sealed record Names(string Chinese, string? English);

/// <summary>A gateway, by its configuration name: said as payers know it (支付宝, 微信支付).</summary>
public sealed record Gateway(string Name);

/// <summary>An audit action code ("place order"): said in the page's language.</summary>
public sealed record AuditAction(string Code);

/// <summary>A person as the audit trail recorded them (sign-in name and role), or one of the portal's own jobs.</summary>
public sealed record RecordedActor(string UserName, string Role);
