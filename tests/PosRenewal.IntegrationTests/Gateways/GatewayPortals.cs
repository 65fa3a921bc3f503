using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PosRenewal.Core.Payments;
using PosRenewal.Infrastructure.Data;
using PosRenewal.Infrastructure.Identity;

namespace PosRenewal.IntegrationTests.Gateways;

/// <summary>
/// The portal as deployed for real money (Production, not a demo, https behind a TLS proxy) on one real gateway's
/// protocol, spoken to a fake of that gateway. Nothing moves behind a test's back unless <see cref="CloseAfter"/> turns
/// reconciliation on.
/// </summary>
public abstract class RealGatewayPortal : PortalFactory
{
    public const string PublicBaseUrl = "https://renew.example.test";

    private bool _staffSeeded;

    protected override string Environment => "Production";

    protected override string? TlsProxyHost => new Uri(PublicBaseUrl).Host;

    protected TestKeys Keys { get; } = new();

    public abstract FakeGatewayServer Fake { get; }

    /// <summary>When set, reconciliation runs every 200 ms on anything pending and closes what is still unpaid after this long.</summary>
    protected virtual string? CloseAfter => null;

    protected abstract IEnumerable<(string Key, string Value)> GatewaySettings();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Outbox:PollInterval", "00:00:00.100");
        builder.UseSetting("Reconciliation:Interval", CloseAfter is null ? "01:00:00" : "00:00:00.200");
        builder.UseSetting("Reconciliation:PendingAfter", "00:00:00");
        builder.UseSetting("Reconciliation:CloseAfter", CloseAfter ?? "01:00:00");
        foreach (var (key, value) in GatewaySettings())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A phone's browser (the gateways' mobile pages are for it).</summary>
    public TestBrowser NewPhone(string language = "en-US")
    {
        var browser = NewBrowser(language);
        browser.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148");
        return browser;
    }

    /// <summary>Support signed in (the staff accounts of the demo, added to this real deployment by the test).</summary>
    public async Task<TestBrowser> SupportAsync()
    {
        if (!_staffSeeded)
        {
            using var scope = Services.CreateScope();
            await AccountSeed.SeedDemoUsersAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), scope.ServiceProvider.GetRequiredService<PosRenewalDbContext>(), default);
            _staffSeeded = true;
        }

        var browser = NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.SignInAsync(browser, "support@posrenewal.test", "Demo-support-1")).StatusCode);
        return browser;
    }

    /// <summary>Confirms a renewal with one of the offered choices; returns the order number and where the portal sent the browser.</summary>
    public async Task<(string OrderNo, Uri Location)> ConfirmAsync(TestBrowser browser, string iccid, string packageCode, string choice)
    {
        var page = await browser.GetAsync($"/cards/{iccid}/renew/{packageCode}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector($"input[name=Gateway][value='{choice}']"));
        var response = await browser.SubmitAsync(page, "form.confirm", new Dictionary<string, string> { ["Gateway"] = choice });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var orderNo = await WithDbAsync(db => db.Orders.Where(o => o.Card.Iccid == iccid).OrderBy(o => o.Id).Select(o => o.OrderNo).LastAsync());
        return (orderNo, response.Headers.Location!);
    }

    public async Task<PaymentAttempt> LastAttemptAsync(string orderNo) => (await ReloadOrderAsync(orderNo)).Attempts.OrderBy(a => a.Id).Last();

    /// <summary>The choices the confirmation page offers, in order.</summary>
    public static async Task<IReadOnlyList<string>> ChoicesAsync(TestBrowser browser, string iccid, string packageCode) =>
        (await browser.GetAsync($"/cards/{iccid}/renew/{packageCode}")).Document.QuerySelectorAll("input[name=Gateway]").Select(i => i.GetAttribute("value")!).ToList();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Fake.Dispose();
    }
}

public class AlipayPortal : RealGatewayPortal
{
    public const string AppId = "2021004100000001";

    public AlipayPortal() => Alipay = new FakeAlipay(AppId, RSA.Create(AppKey.ExportParameters(false))) { Portal = () => BaseAddress };

    public RSA AppKey { get; } = TestKeys.NewKey();

    public FakeAlipay Alipay { get; }

    public override FakeGatewayServer Fake => Alipay;

    protected override IEnumerable<(string Key, string Value)> GatewaySettings() => [("Payments:Gateways:0", "Alipay"), .. KeyMode(Alipay, AppKey, Keys)];

    /// <summary>Key mode: the app key as PKCS#8 PEM, Alipay's public key as the bare base64 its console shows.</summary>
    public static IEnumerable<(string Key, string Value)> KeyMode(FakeAlipay alipay, RSA appKey, TestKeys keys) =>
    [
        ("Payments:Alipay:AppId", AppId),
        ("Payments:Alipay:SellerId", FakeAlipay.Seller),
        ("Payments:Alipay:GatewayUrl", alipay.GatewayUrl.AbsoluteUri),
        ("Payments:Alipay:AppPrivateKey", keys.Write("app_private_key.pem", appKey.ExportPkcs8PrivateKeyPem())),
        ("Payments:Alipay:AlipayPublicKey", keys.Write("alipay_public_key.txt", Convert.ToBase64String(alipay.AlipayKey.ExportSubjectPublicKeyInfo()))),
    ];
}

public sealed class AlipayReconcilingPortal : AlipayPortal
{
    protected override string CloseAfter => "01:00:00";
}

public sealed class AlipayClosingPortal : AlipayPortal
{
    protected override string CloseAfter => "00:00:01";
}

/// <summary>
/// Public-key certificate mode: an app certificate and an Alipay certificate issued by a test root, whose SNs the fake
/// expects as computed by hand from the issuer's RFC 2253 name and the decimal serial.
/// </summary>
public sealed class AlipayCertificatePortal : AlipayPortal
{
    private const string Root = "CN=PosRenewal Test Root,O=PosRenewal Test,C=CN";

    public AlipayCertificatePortal()
    {
        var rootKey = TestKeys.NewKey();
        RootCert = TestKeys.Certificate(Root, rootKey, [0x01, 0x00]);
        AppCert = TestKeys.Certificate("CN=2021004100000001,O=PosRenewal,C=CN", AppKey, [0x30, 0x39], (Root, rootKey));
        AlipayCert = TestKeys.Certificate("CN=Alipay Test,O=Alipay,C=CN", Alipay.AlipayKey, [0x01, 0xE2, 0x40], (Root, rootKey));
        Alipay.CertificateMode = (Md5(Root + "12345"), Md5(Root + "256"), Md5(Root + "123456"));
    }

    public X509Certificate2 RootCert { get; }

    public X509Certificate2 AppCert { get; }

    public X509Certificate2 AlipayCert { get; }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The app key as bare base64 PKCS#1, as some key tools print it.</summary>
    protected override IEnumerable<(string Key, string Value)> GatewaySettings() =>
    [
        ("Payments:Gateways:0", "Alipay"),
        ("Payments:Alipay:AppId", AppId),
        ("Payments:Alipay:GatewayUrl", Alipay.GatewayUrl.AbsoluteUri),
        ("Payments:Alipay:AppPrivateKey", Keys.Write("app_private_key.txt", Convert.ToBase64String(AppKey.ExportRSAPrivateKey()))),
        ("Payments:Alipay:AppCert", Keys.Write("appCertPublicKey.crt", AppCert.ExportCertificatePem())),
        ("Payments:Alipay:AlipayCert", Keys.Write("alipayCertPublicKey_RSA2.crt", AlipayCert.ExportCertificatePem())),
        ("Payments:Alipay:AlipayRootCert", Keys.Write("alipayRootCert.crt", RootCert.ExportCertificatePem())),
    ];
}

public class WeChatPayPortal : RealGatewayPortal
{
    public const string MchId = "1900000109";
    public const string AppId = "wxd678efh567hg6787";

    public WeChatPayPortal()
    {
        MerchantCert = TestKeys.Certificate($"CN={MchId},O=PosRenewal,C=CN", MerchantKey, [0x3A, 0x1B, 0x2C, 0x4D]);
        WeChat = new FakeWeChatPay(MchId, AppId, MerchantCert.GetRSAPublicKey()!, MerchantCert.SerialNumber, ApiV3Key) { Portal = () => BaseAddress };
        foreach (var serial in new byte[][] { [0x00, 0xD7, 0xCE, 0x59], [0x5E, 0x01, 0x02] })
        {
            var key = TestKeys.NewKey();
            WeChat.Platform.Add((key, TestKeys.Certificate("CN=Tenpay.com Root CA,O=Tenpay.com,C=CN", key, serial)));
        }
    }

    public RSA MerchantKey { get; } = TestKeys.NewKey();

    public X509Certificate2 MerchantCert { get; }

    public byte[] ApiV3Key { get; } = Encoding.UTF8.GetBytes(RandomNumberGenerator.GetHexString(32));

    public FakeWeChatPay WeChat { get; }

    public override FakeGatewayServer Fake => WeChat;

    /// <summary>Both platform certificates in one file, as during a rotation; the APIv3 key from the environment.</summary>
    protected override IEnumerable<(string Key, string Value)> GatewaySettings()
    {
        var variable = "POSRENEWAL_TEST_APIV3_" + Guid.NewGuid().ToString("N");
        System.Environment.SetEnvironmentVariable(variable, Encoding.UTF8.GetString(ApiV3Key));
        return
        [
            ("Payments:Gateways:0", "WeChatPay"),
            ("Payments:WeChatPay:MchId", MchId),
            ("Payments:WeChatPay:AppId", AppId),
            ("Payments:WeChatPay:BaseUrl", WeChat.Address.AbsoluteUri),
            ("Payments:WeChatPay:MerchantPrivateKey", Keys.Write("apiclient_key.pem", MerchantKey.ExportPkcs8PrivateKeyPem())),
            ("Payments:WeChatPay:MerchantCert", Keys.Write("apiclient_cert.pem", MerchantCert.ExportCertificatePem())),
            ("Payments:WeChatPay:ApiV3Key", "env:" + variable),
            ("Payments:WeChatPay:PlatformCerts", Keys.Write("wechatpay_platform.pem", string.Join("\n", WeChat.Platform.Select(p => p.Cert.ExportCertificatePem())))),
        ];
    }
}

public sealed class WeChatPayReconcilingPortal : WeChatPayPortal
{
    protected override string CloseAfter => "01:00:00";
}

public sealed class WeChatPayClosingPortal : WeChatPayPortal
{
    protected override string CloseAfter => "00:00:01";
}

/// <summary>Both real gateways at once, WeChat Pay listed first: payers see them in that order.</summary>
public sealed class BothGatewaysPortal : WeChatPayPortal
{
    public BothGatewaysPortal() => Alipay = new FakeAlipay(AlipayPortal.AppId, RSA.Create(AppKey.ExportParameters(false))) { Portal = () => BaseAddress };

    public RSA AppKey { get; } = TestKeys.NewKey();

    public FakeAlipay Alipay { get; }

    protected override IEnumerable<(string Key, string Value)> GatewaySettings() =>
        [.. base.GatewaySettings(), ("Payments:Gateways:1", "Alipay"), .. AlipayPortal.KeyMode(Alipay, AppKey, Keys)];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Alipay.Dispose();
    }
}
