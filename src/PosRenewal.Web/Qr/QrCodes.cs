using QRCoder;

namespace PosRenewal.Web.Qr;

/// <summary>QR codes for stickers and scan-to-pay, drawn with QRCoder (medium error correction survives a scuffed sticker).</summary>
public static class QrCodes
{
    /// <summary>An SVG image that scales to its container (for pages and print).</summary>
    public static string Svg(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>A PNG, 10 pixels a module (about 450 px for a sticker link).</summary>
    public static byte[] Png(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(10);
    }
}
