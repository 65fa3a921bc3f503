using System.Net;
using System.Security.Cryptography;

namespace PosRenewal.IntegrationTests.Gateways;

/// <summary>A real gateway's keys are read and checked at start-up: a portal that could not sign or verify never starts, and says which setting is wrong.</summary>
public class GatewayStartupTests
{
    private const string ApiV3Variable = "POSRENEWAL_TEST_STARTUP_APIV3";

    private static readonly Dictionary<string, string> Files = MakeFiles();

    private static Dictionary<string, string> MakeFiles()
    {
        var keys = new TestKeys();
        using var key = TestKeys.NewKey();
        using var other = TestKeys.NewKey();
        System.Environment.SetEnvironmentVariable(ApiV3Variable, "0123456789abcdef0123456789abcdef");
        return new()
        {
            ["{key}"] = keys.Write("key.pem", key.ExportPkcs8PrivateKeyPem()),
            ["{pub}"] = keys.Write("pub.pem", key.ExportSubjectPublicKeyInfoPem()),
            ["{cert}"] = keys.Write("cert.pem", TestKeys.Certificate("CN=Test", key, [0x11]).ExportCertificatePem()),
            ["{othercert}"] = keys.Write("other.pem", TestKeys.Certificate("CN=Other", other, [0x12]).ExportCertificatePem()),
            ["{expiredcert}"] = keys.Write("expired.pem", TestKeys.Certificate("CN=Test", key, [0x13], validDays: -1).ExportCertificatePem()),
            ["{keytext}"] = key.ExportPkcs8PrivateKeyPem(),
        };
    }

    private static readonly string[] Alipay =
    [
        "Portal:PublicBaseUrl=https://renew.example.test", "Payments:Gateways:0=Alipay", "Payments:Alipay:AppId=2021004100000001",
        "Payments:Alipay:AppPrivateKey={key}", "Payments:Alipay:AlipayPublicKey={pub}",
    ];

    private static readonly string[] WeChatPay =
    [
        "Portal:PublicBaseUrl=https://renew.example.test", "Payments:Gateways:0=WeChatPay", "Payments:WeChatPay:MchId=1900000109",
        "Payments:WeChatPay:AppId=wxd678efh567hg6787", "Payments:WeChatPay:MerchantPrivateKey={key}", "Payments:WeChatPay:MerchantCert={cert}",
        "Payments:WeChatPay:ApiV3Key=env:" + ApiV3Variable, "Payments:WeChatPay:PlatformCerts={othercert}",
    ];

    private static ConfiguredPortalFactory Portal(string gateway, string[] changes)
    {
        var settings = (gateway == "Alipay" ? Alipay : WeChatPay).ToDictionary(s => s.Split('=', 2)[0], s => s.Split('=', 2)[1]);
        foreach (var change in changes)
        {
            settings[change.Split('=', 2)[0]] = change.Split('=', 2)[1];
        }

        return new ConfiguredPortalFactory("Production", [.. settings.Select(s => $"{s.Key}={Files.Aggregate(s.Value, (v, f) => v.Replace(f.Key, f.Value, StringComparison.Ordinal))}")]);
    }

    [Theory]
    [InlineData("Alipay", "Payments:Alipay:AppId must be set", "Payments:Alipay:AppId=")]
    [InlineData("Alipay", "Payments:Alipay:AppPrivateKey must say where the secret is", "Payments:Alipay:AppPrivateKey={keytext}")]
    [InlineData("Alipay", "Payments:Alipay:AppPrivateKey: cannot read /nowhere/app.pem", "Payments:Alipay:AppPrivateKey=file:/nowhere/app.pem")]
    [InlineData("Alipay", "Payments:Alipay:AlipayPublicKey: the environment variable POSRENEWAL_UNSET is not set", "Payments:Alipay:AlipayPublicKey=env:POSRENEWAL_UNSET")]
    [InlineData("Alipay", "Payments:Alipay:AppPrivateKey is not an RSA private key", "Payments:Alipay:AppPrivateKey={pub}")]
    [InlineData("Alipay", "Payments:Alipay:GatewayUrl must be an https:// address", "Payments:Alipay:GatewayUrl=http://openapi.alipay.com/gateway.do")]
    [InlineData("Alipay", "Payments:Alipay:AppCert: certificate 12 does not belong to the key in Payments:Alipay:AppPrivateKey",
        "Payments:Alipay:AppCert={othercert}", "Payments:Alipay:AlipayCert={cert}", "Payments:Alipay:AlipayRootCert={cert}")]
    [InlineData("Alipay", "Payments:Alipay:AlipayCert: certificate 13", "Payments:Alipay:AppCert={cert}", "Payments:Alipay:AlipayCert={expiredcert}", "Payments:Alipay:AlipayRootCert={cert}")]
    [InlineData("WeChatPay", "Payments:WeChatPay:ApiV3Key must be the 32-character APIv3 key, not 3 bytes", "Payments:WeChatPay:ApiV3Key=env:USER_TOO_SHORT")]
    [InlineData("WeChatPay", "Set Payments:WeChatPay:PlatformCerts or Payments:WeChatPay:PublicKey", "Payments:WeChatPay:PlatformCerts=")]
    [InlineData("WeChatPay", "Payments:WeChatPay:MerchantCert: certificate 13", "Payments:WeChatPay:MerchantCert={expiredcert}")]
    [InlineData("WeChatPay", "Payments:WeChatPay:MerchantCert: certificate 12 does not belong to the key in Payments:WeChatPay:MerchantPrivateKey", "Payments:WeChatPay:MerchantCert={othercert}")]
    [InlineData("WeChatPay", "PublicKeyId must be the public key's id, PUB_KEY_ID_", "Payments:WeChatPay:PublicKey={pub}", "Payments:WeChatPay:PublicKeyId=12345")]
    public void Does_refuse_to_start_with_a_message_naming_the_setting(string gateway, string message, params string[] changes)
    {
        System.Environment.SetEnvironmentVariable("USER_TOO_SHORT", "abc");
        using var portal = Portal(gateway, changes);
        var failure = Record.Exception(() => portal.BaseAddress);

        Assert.NotNull(failure);
        Assert.Contains(message, failure.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Alipay")]
    [InlineData("WeChatPay", "Payments:WeChatPay:PlatformCerts=", "Payments:WeChatPay:PublicKey={pub}", "Payments:WeChatPay:PublicKeyId=PUB_KEY_ID_0114232134912410000000000000")]
    public async Task Does_start_with_keys_that_fit(string gateway, params string[] changes)
    {
        using var portal = Portal(gateway, changes);
        using var browser = portal.NewBrowser();
        // Up, and (reached over plain HTTP, not through its TLS proxy) sending people to https.
        var response = await browser.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(Uri.UriSchemeHttps, response.Headers.Location!.Scheme);
    }
}
