using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using PosRenewal.Infrastructure.Notifications;

namespace PosRenewal.Infrastructure.Identity;

/// <summary>
/// Self-service password reset by e-mail. Asking never tells whether an account exists (the page answers the same
/// either way, and the work runs after the answer); the link carries Identity's reset token, valid for
/// <see cref="LinkLifetime"/> and once.
/// </summary>
public sealed class PasswordResetService(UserManager<AppUser> users, IEnumerable<EmailChannel> email, PublicUrl publicUrl, TimeProvider clock, ILogger<PasswordResetService> logger)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(2);

    /// <summary>Mails a reset link when an active account has this address; otherwise does nothing, silently.</summary>
    public async Task RequestAsync(string address, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(address);
        var mail = email.FirstOrDefault();
        if (user?.Email is null || await users.IsLockedOutAsync(user) && user.LockoutEnd == DateTimeOffset.MaxValue)
        {
            // No account, or one an admin locked: nothing is sent, and the asker cannot tell.
            return;
        }

        if (mail is null)
        {
            logger.LogWarning("Password reset asked for a user, but no e-mail channel is configured");
            return;
        }

        var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var link = publicUrl.Combine($"/account/reset?email={Uri.EscapeDataString(user.Email)}&token={token}");
        var body = $"""
            有人（希望是您）要求重置 PosRenewal 账户的密码。请在 {LinkLifetime.TotalHours:0} 小时内打开以下链接设置新密码（只能使用一次）：
            {link}
            如果不是您本人操作，请忽略此邮件，您的密码不会改变。

            Someone (we hope you) asked to reset the password of your PosRenewal account. Open this link within {LinkLifetime.TotalHours:0} hours to set a new one (it works once):
            {link}
            If it was not you, ignore this e-mail; your password stays as it is.
            """;
        await mail.SendAsync(user.Email, "PosRenewal 密码重置 / Password reset", body, $"password-reset-{user.Id}-{clock.GetUtcNow().UtcTicks}", ct);
        logger.LogInformation("Password reset link sent to user {UserId}", user.Id);
    }

    /// <summary>Sets the new password; null when the link is not valid (unknown address, wrong, used or expired token).</summary>
    public async Task<IdentityResult?> ResetAsync(string address, string token, string password)
    {
        var user = await users.FindByEmailAsync(address);
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            return null;
        }

        if (user is null)
        {
            return null;
        }

        var result = await users.ResetPasswordAsync(user, decoded, password);
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
        {
            return null;
        }

        if (result.Succeeded)
        {
            await users.ResetAccessFailedCountAsync(user);
            logger.LogInformation("Password of user {UserId} reset by e-mail link", user.Id);
        }

        return result;
    }
}
