using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using PosRenewal.Infrastructure.Payments.Alipay;
using PosRenewal.Infrastructure.Payments.WeChatPay;

namespace PosRenewal.UnitTests;

/// <summary>
/// Test vectors published by open-source Alipay and WeChat Pay implementations (wechatpay-apiv3/wechatpay-go,
/// go-pay/gopay, the official notification example), checked against the portal's own signing and decryption code.
/// </summary>
public class GatewayVectorTests
{
    // wechatpay-go core/notify/notify_test.go: the test platform certificate (its key is the W3 key below).
    private const string WeChatTestCert = @"-----BEGIN CERTIFICATE-----
MIIDVzCCAj+gAwIBAgIJANfOWdH1ItcBMA0GCSqGSIb3DQEBCwUAMEIxCzAJBgNV
BAYTAlhYMRUwEwYDVQQHDAxEZWZhdWx0IENpdHkxHDAaBgNVBAoME0RlZmF1bHQg
Q29tcGFueSBMdGQwHhcNMjEwNDI3MDg1NTIzWhcNMzEwNDI1MDg1NTIzWjBCMQsw
CQYDVQQGEwJYWDEVMBMGA1UEBwwMRGVmYXVsdCBDaXR5MRwwGgYDVQQKDBNEZWZh
dWx0IENvbXBhbnkgTHRkMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA
2VCTd91fnUn73Xy9DLvt/V62TVxRTEEstVdeRaZ3B3leO0pldE806mXO4RwdHXag
HQ4vGeZN0yqm++rDsGK+U3AH7kejyD2pXshNP9Cq5YwbptiLGtjcquw4HNxJQUOm
DeJf2vg6byms9RUipiq4SzbJKqJFlUpbuIPDpSpWz10PYmyCNeDGUUK65E5h2B83
4uxl1zNLYQCrkdBzb8oUxwYeP5a2DNxmjL5lsJML7DGr5znsevnoqGRwTm9fxCGf
y8wus7hwKz6clt3Whmmda7UAdb1c08hEQFVRbF14AR73xbnd8N0obCWJPCbzMCtk
aSef4FdEEgEXJiw0VAJT8wIDAQABo1AwTjAdBgNVHQ4EFgQUT1c7nd/SUO76HSoZ
umNUJv1R5PwwHwYDVR0jBBgwFoAUT1c7nd/SUO76HSoZumNUJv1R5PwwDAYDVR0T
BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEAfTjxKRQMzNB/U6ZoCUS+BSNfa2Oh
0plMN6ZuzwiVVZwg1jywvv5yv04koS7Pd4i9E4gt9ZBUQXlpq+A3oOCEEHNRR6b2
kyazGRM7s0OP5X21WrbpSmKmU6K7hkfx30yYs08LVs/Q8DIhvaj1FCFeJzUCzYn/
fHMq4tsbKO0dKAeydPM/nrUZBmaYQVKMVOORGLFjFKVO7JV6Kq/R86ouhjEPgJOe
2xulNBUcjicqtZlBdEh/PWCYP2SpGVDclKm8jeo175T3EVAkdKzzmfpxtMmnMlmq
cTJOU9TxuGvNASMtjj7pYIerTx+xgZDXEVBWFW9PjJ0TV06tCRsgSHItgg==
-----END CERTIFICATE-----";

    // wechatpay-go core/auth/signers/sha256withrsa_signer_test.go: the test private key.
    private const string WeChatTestKey = @"-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZUJN33V+dSfvd
fL0Mu+39XrZNXFFMQSy1V15FpncHeV47SmV0TzTqZc7hHB0ddqAdDi8Z5k3TKqb7
6sOwYr5TcAfuR6PIPaleyE0/0KrljBum2Isa2Nyq7Dgc3ElBQ6YN4l/a+DpvKaz1
FSKmKrhLNskqokWVSlu4g8OlKlbPXQ9ibII14MZRQrrkTmHYHzfi7GXXM0thAKuR
0HNvyhTHBh4/lrYM3GaMvmWwkwvsMavnOex6+eioZHBOb1/EIZ/LzC6zuHArPpyW
3daGaZ1rtQB1vVzTyERAVVFsXXgBHvfFud3w3ShsJYk8JvMwK2RpJ5/gV0QSARcm
LDRUAlPzAgMBAAECggEBAMc7rDeUaXiWv6bMGbZ3BTXpg1FhdddnWUnYE8HfX/km
OFI7XtBHXcgYFpcjYz4D5787pcsk7ezPidAj58zqenuclmjKnUmT3pfbI5eCA2v4
C9HnbYDrmUPK1ZcADtka4D6ScDccpNYNa1g2TFHzkIrEa6H+q7S3O2fqxY/DRVtN
0JIXalBb8daaqL5QVzSmM2BMVnHy+YITJWIkP2a3pKs9C0W65JGDsnG0wVrHinHF
+cnhFZIbaPEI//DAFMc9NkrWOKVRTEgcCUxCFaHOZVNxDWZD7A2ZfJB2rK6eg//y
gEiFDR2h6mTaDowMB4YF2n2dsIO4/dCG8vPHI20jn4ECgYEA/ZGu6lEMlO0XZnam
AZGtiNgLcCfM/C2ZERZE7QTRPZH1WdK92Al9ndldsswFw4baJrJLCmghjF/iG4zi
hhBvLnOLksnZUfjdumxoHDWXo2QBWbI5QsWIE7AuTiWgWj1I7X4fCXSQf6i+M/y2
6TogQ7d0ANpZFyOkTNMn/tiJvLECgYEA22XqlamG/yfAGWery5KNH2DGlTIyd6xJ
WtJ9j3jU99lZ0bCQ5xhiBbU9ImxCi3zgTsoqLWgA/p00HhNFNoUcTl9ofc0G3zwT
D1y0ZzcnVKxGJdZ6ohW52V0hJStAigtjYAsUgjm7//FH7PiQDBDP1Wa6xSRkDQU/
aSbQxvEE8+MCgYEA3bb8krW7opyM0XL9RHH0oqsFlVO30Oit5lrqebS0oHl3Zsr2
ZGgoBlWBsEzk3UqUhTFwm/DhJLTSJ/TQPRkxnhQ5/mewNhS9C7yua7wQkzVmWN+V
YeUGTvDGDF6qDz12/vJAgSwDDRym8x4NcXD5tTw7mmNRcwIfL22SkysThIECgYAV
BgccoEoXWS/HP2/u6fQr9ZIR6eV8Ij5FPbZacTG3LlS1Cz5XZra95UgebFFUHHtC
EY1JHJY7z8SWvTH8r3Su7eWNaIAoFBGffzqqSVazfm6aYZsOvRY6BfqPHT3p/H1h
Tq6AbBffxrcltgvXnCTORjHPglU0CjSxVs7awW3AEQKBgB5WtaC8VLROM7rkfVIq
+RXqE5vtJfa3e3N7W3RqxKp4zHFAPfr82FK5CX2bppEaxY7SEZVvVInKDc5gKdG/
jWNRBmvvftZhY59PILHO2X5vO4FXh7suEjy6VIh0gsnK36mmRboYIBGsNuDHjXLe
BDa+8mDLkWu5nHEhOxy2JJZl
-----END PRIVATE KEY-----";

    private const string PayscoreCiphertext = "YDS3lKPaC4Y52Gf3uhft5qUBlIa8b428AWTtTauHQfQrRw+X1WpiuHIDy0vo1Vd6VEq67aVyqPdDYMkRVSDaZL3iZt" +
          "tevRMOoPKMifozg6XPWjIZumks/GpT48lI4NizyeaqLBokNebthah3o1H76qSlO9NkDjp9bzmKLEYYH9TEklFUpsvPqOTOcgSLgh21YJXYR" +
          "7dEBXFgRLiNIKRgO5JdXh1hccRUAlyVWxE54PXpnQ==";

    [Fact]
    public void W1_AES_GCM_decrypts_the_wechatpay_go_vector()
    {
        Assert.Equal("Hello World", WeChatPayCrypto.Decrypt(
            Encoding.UTF8.GetBytes("testAPIv3Key0000"), "wCq51qZv4Yfg", "Dl56FrqWQJF1t9LtC3vEUsniZKvbqdR8", "FsdXzxryWfKwvLJKf8LG/ToRPTRh8RN9wROC"));
    }

    [Fact]
    public void W1_a_changed_associated_data_does_not_decrypt()
    {
        Assert.ThrowsAny<CryptographicException>(() => WeChatPayCrypto.Decrypt(
            Encoding.UTF8.GetBytes("testAPIv3Key0000"), "wCq51qZv4Yfg", "Dl56FrqWQJF1t9LtC3vEUsniZKvbqdR9", "FsdXzxryWfKwvLJKf8LG/ToRPTRh8RN9wROC"));
    }

    [Fact]
    public void W2_the_signed_notification_verifies_and_decrypts_and_one_added_space_fails()
    {
        const string body = "{\"id\":\"3119dfba-e649-5eec-ab1e-3412bc4d2e17\",\"create_time\":\"2021-06-24T16:37:26+08:00\",\"resource_type\":\"encrypt-resource\","
            + "\"event_type\":\"PAYSCORE.USER_OPEN_SERVICE\",\"summary\":\"签约成功\",\"resource\":{\"original_type\":\"payscore\",\"algorithm\":\"AEAD_AES_256_GCM\","
            + "\"ciphertext\":\"" + PayscoreCiphertext + "\",\"associated_data\":\"payscore\",\"nonce\":\"Kj7QIyUiYx1q\"}}";
        const string signature = "tJHIiIS9eB2hAYstmAmbbD3ZE5LiIm/Ug5tuL4fC0YOFRWIHV39UFIZXC0e9Wl6lBu6sKvkqDkzpqzBsVHyXF" +
    "lbYZTOQrVdG4b6LfTnK4mikv9++ixJMd3vTf2yCqvBkh98zs3Ds5zsYQakzbcwhmw4fMJs4nPLws28H0UW9FjDR//rxELLwXvV1VEA1I" +
    "BLX70xptjL8hrfUjEE8kkry6yNJTHZRU8CAc7qHli2Ng1V1qb9ARbK8A3ThmFmPQvRGrapI/jS2laKKgYUmfdEdkNO6B2Cke5e8VTxY4" +
    "06ArAmQ90GAihDwIcb16TQMnzCMBoutnwZKNiKRACrFmtxw2Q==";
        using var cert = X509Certificate2.CreateFromPem(WeChatTestCert);
        using var key = cert.GetRSAPublicKey()!;

        Assert.True(WeChatPayCrypto.Verify(key, "1624523846", "EcZ9Cmy4Xyx1i6RlJQzLcCyEqDa26NBz", body, signature));
        Assert.False(WeChatPayCrypto.Verify(key, "1624523846", "EcZ9Cmy4Xyx1i6RlJQzLcCyEqDa26NBz", body.Replace("\"id\":", "\"id\": ", StringComparison.Ordinal), signature));
        Assert.False(WeChatPayCrypto.Verify(key, "1624523847", "EcZ9Cmy4Xyx1i6RlJQzLcCyEqDa26NBz", body, signature));
        Assert.Equal(
            "{\"mchid\":\"1234567890\",\"appid\":\"054aa7d7a2a54ab5898df65bd96f001c\",\"create_time\":\"2020-06-30T12:12:00+08:00\",\"out_contract_code\":\"21640bdbd08e473e828f3206a2741c6e\"}",
            WeChatPayCrypto.Decrypt(Encoding.UTF8.GetBytes("testMchAPIv3Key0"), "Kj7QIyUiYx1q", "payscore", PayscoreCiphertext));
    }

    [Fact]
    public void W2_the_certificate_serial_matches_the_header_form_once_normalised()
    {
        using var cert = X509Certificate2.CreateFromPem(WeChatTestCert);
        Assert.Equal("00D7CE59D1F522D701", cert.SerialNumber);
        Assert.Equal(WeChatPayKeys.Normalize("D7CE59D1F522D701"), WeChatPayKeys.Normalize(cert.SerialNumber));
        Assert.Equal(WeChatPayKeys.Normalize("d7ce59d1f522d701"), WeChatPayKeys.Normalize(cert.SerialNumber));
    }

    [Fact]
    public void W3_SHA256withRSA_signature_of_source_is_the_published_one()
    {
        using var key = RSA.Create();
        key.ImportFromPem(WeChatTestKey);
        Assert.Equal("BKyAfU4iMCuvXMXS0Wzam3V/cnxZ+JaqigPM5OhljS2iOT95OO6Fsuml2JkFANJU9K6q9bLlDhPXuoVz+pp4hAm6" +
    "pHU4ld815U4jsKu1RkyaII+1CYBUYC8TK0XtJ8FwUXXz8vZHh58rrAVN1XwNyvD1vfpxrMT4SL536GLwvpUHlCqIMzoZUguLli/K8V29QiOh" +
    "uH6IEqLNJn8e9b3nwNcQ7be3CzYGpDAKBfDGPCqCv8Rw5zndhlffk2FEA70G4hvMwe51qMN/RAJbknXG23bSlObuTCN7Ndj1aJGH6/L+hdwf" +
    "LpUtJm4QYVazzW7DFD27EpSQEqA8bX9+8m1rLg==", WeChatPayCrypto.Sign("source", key));
        Assert.Equal(AlipaySignature.Sign("source", key), WeChatPayCrypto.Sign("source", key));
    }

    [Fact]
    public void A1_the_alipay_root_certificate_SN_is_the_published_one()
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(Path.Combine(AppContext.BaseDirectory, "Vectors", "alipay-root.pem"));
        Assert.Equal("687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6", AlipaySignature.RootCertSn(bundle));
    }

    [Fact]
    public void A2_a_sync_response_verifies_over_the_raw_node_text_and_a_changed_one_does_not()
    {
        const string node = "{\"code\":\"10000\",\"msg\":\"Success\",\"buyer_logon_id\":\"854***@qq.com\",\"buyer_pay_amount\":\"0.01\",\"buyer_user_id\":\"2088102363632794\",\"fund_bill_list\":[{\"amount\":\"0.01\",\"fund_channel\":\"PCREDIT\"}],\"gmt_payment\":\"2019-08-29 20:14:05\",\"invoice_amount\":\"0.01\",\"out_trade_no\":\"GZ201901301040361012\",\"point_amount\":\"0.00\",\"receipt_amount\":\"0.01\",\"total_amount\":\"0.01\",\"trade_no\":\"2019082922001432790585537960\"}";
        const string sign = "bk3SzX0CZRI811IJioS2XKQHcgMixUT8mYyGQj+vcOAQas7GIYi6LpykqqSc3m7+yvqoG0TdX/c2JjYnpw/J53JxtC2IC4vsLuIPIgghVo5qafsfSxEJ22w20RZDatI2dYqFVcj8Jp+4aesQ8zMMNw7cX9NLyk7kw3DecYeyQp+zrZMueZPqLh88Z+54G+e6QuSU++0ouqQVd4PkpPqy6YI+8MdMUX4Ve0jOQxMmYH8BC6n5ZsTH/uEaLEtzYVZdSw/xdSQ7K1SH73aEH8XbRYx6rL7RkKksrdvhezX+ThDjQ+fTWjvNFrGcg3fmqXRy2elvoalu+BQmqlkWWjEJYA==";
        using var alipay = RSA.Create();
        alipay.ImportSubjectPublicKeyInfo(Convert.FromBase64String("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAp8gueNlkbiDidz6FBQEBpqoRgH8h7JtsPtYW0nzAqy1MME4mFnDSMfSKlreUomS3a55gmBopL1eF4/Km/dEnaL5tCY9+24SKn1D4iyls+lvz/ZjvUjVwxoUYBh8kkcxMZSDeDz8//o+9qZTrICVP2a4sBB8T0XmU4gxfw8FsmtoomBH1nLk3AO7wgRN2a3+SRSAmxrhIGDmF1lljSlhY32eJpJ2TZQKaWNW+7yDBU/0Wt3kQVY84vr14yYagnSCiIfqyVFqePayRtmVJDr5qvSXr51tdqs2zKZCu+26X7JAF4BSsaq4gmY5DmDTm4TohCnBduI1+bPGD+igVmtl05wIDAQAB"), out _);

        // As received: the node inside the whole answer, with the sign beside it.
        var (raw, signature, certSn) = AlipaySignature.ResponseNode("{\"alipay_trade_query_response\":" + node + ",\"sign\":\"" + sign + "\"}", "alipay.trade.query");
        Assert.Equal(node, raw);
        Assert.Equal(sign, signature);
        Assert.Null(certSn);
        Assert.True(AlipaySignature.VerifyResponse(raw!, signature, alipay));
        Assert.False(AlipaySignature.VerifyResponse(node.Replace("0.01", "1.00", StringComparison.Ordinal), sign, alipay));
    }

    [Fact]
    public void A3_a_notification_is_canonicalised_as_the_official_example()
    {
        // The example notification as a form body (URL-encoded, with sign and sign_type, which are not signed).
        var form = "gmt_payment=2016-07-19+14%3A10%3A47&notify_time=2016-07-19+14%3A10%3A49&buyer_id=2088102116773037&body=%E5%A4%A7%E4%B9%90%E9%80%8F2.1"
            + "&gmt_close=2016-07-19+14%3A10%3A46&notify_type=trade_status_sync&out_trade_no=0719141034-6418&refund_fee=0.00&subject=%E5%A4%A7%E4%B9%90%E9%80%8F2.1"
            + "&sign_type=RSA2&sign=abc%3D&charset=utf-8&notify_id=4a91b7a78a503640467525113fb7d8bg8e&total_amount=2.00&trade_no=2016071921001003030200089909"
            + "&trade_status=TRADE_SUCCESS&version=1.0&app_id=2015102700040153&seller_id=2088102119685838&voucher_detail_list=";
        var parameters = QueryHelpers.ParseQuery(form).ToDictionary(p => p.Key, p => p.Value.ToString());
        Assert.Equal(
            "app_id=2015102700040153&body=大乐透2.1&buyer_id=2088102116773037&charset=utf-8&gmt_close=2016-07-19 14:10:46&gmt_payment=2016-07-19 14:10:47"
            + "&notify_id=4a91b7a78a503640467525113fb7d8bg8e&notify_time=2016-07-19 14:10:49&notify_type=trade_status_sync&out_trade_no=0719141034-6418"
            + "&refund_fee=0.00&seller_id=2088102119685838&subject=大乐透2.1&total_amount=2.00&trade_no=2016071921001003030200089909&trade_status=TRADE_SUCCESS&version=1.0",
            AlipaySignature.Content(parameters, "sign_type", "alipay_cert_sn"));
    }
}
