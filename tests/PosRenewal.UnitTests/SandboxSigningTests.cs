using PosRenewal.Core.Common;
using PosRenewal.Infrastructure.Payments.Sandbox;

namespace PosRenewal.UnitTests;

public class SandboxSigningTests
{
    private static readonly SandboxSigner Signer = new("unit-test-secret-0123456789");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void Does_accept_a_fresh_correctly_signed_message()
    {
        var ts = Now.ToUnixTimeSeconds();
        Assert.Null(Signer.Check(ts.ToString(), Signer.Sign(ts, "{\"a\":1}"), "{\"a\":1}", Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Does_refuse_a_message_whose_body_was_changed()
    {
        var ts = Now.ToUnixTimeSeconds();
        Assert.Equal("bad signature", Signer.Check(ts.ToString(), Signer.Sign(ts, "{\"a\":1}"), "{\"a\":2}", Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Does_refuse_a_message_signed_with_another_key()
    {
        var ts = Now.ToUnixTimeSeconds();
        var other = new SandboxSigner("another-secret-0123456789");
        Assert.Equal("bad signature", Signer.Check(ts.ToString(), other.Sign(ts, "x"), "x", Now, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Does_refuse_a_message_outside_the_replay_window(int secondsOff)
    {
        var ts = Now.ToUnixTimeSeconds() + secondsOff;
        Assert.Contains("replay window", Signer.Check(ts.ToString(), Signer.Sign(ts, "x"), "x", Now, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("12abc")]
    public void Does_refuse_a_missing_or_malformed_timestamp(string? ts) =>
        Assert.Contains("timestamp", Signer.Check(ts, "00", "x", Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Does_refuse_a_pay_link_whose_amount_was_changed()
    {
        var link = new SandboxPayLink("R261123ABCDEFGHP01", new Money(33m), "SIM", new Uri("http://shop/return"), new Uri("http://shop/notify"), Now.AddMinutes(30).ToUnixTimeSeconds());
        var uri = link.ToUri(new Uri("http://gateway/"), Signer);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());

        Assert.Equal(link, SandboxPayLink.Parse(query, Signer, Now, out _));
        query["amount"] = "0.01";
        Assert.Null(SandboxPayLink.Parse(query, Signer, Now, out var error));
        Assert.Contains("signature", error);
    }

    [Fact]
    public void Does_refuse_an_expired_pay_link()
    {
        var link = new SandboxPayLink("T1", new Money(1m), "SIM", new Uri("http://shop/r"), new Uri("http://shop/n"), Now.AddMinutes(-1).ToUnixTimeSeconds());
        var uri = link.ToUri(new Uri("http://gateway/"), Signer);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        Assert.Null(SandboxPayLink.Parse(query, Signer, Now, out var error));
        Assert.Contains("expired", error);
    }
}
