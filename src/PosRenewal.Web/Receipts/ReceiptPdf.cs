using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace PosRenewal.Web.Receipts;

/// <summary>A receipt's content, already in the reader's language: what it is, the facts, the amounts, and where it is online.</summary>
public sealed record ReceiptDocument(
    string Title,
    string? Notice,
    IReadOnlyList<(string Label, string Value)> Facts,
    IReadOnlyList<(string Label, string Amount)> Amounts,
    (string Label, string Amount) Total,
    Uri Online,
    string ScanToOpen);

/// <summary>
/// The receipt as an A5 PDF with its fonts embedded (subsets of DejaVu Sans for Latin text and Droid Sans Fallback for
/// Chinese, shipped in Fonts/), so it prints the same anywhere. Text runs switch font by script.
/// </summary>
public static class ReceiptPdf
{
    private const string Latin = "PosRenewal Latin";
    private const string Chinese = "PosRenewal Chinese";

    static ReceiptPdf() => GlobalFontSettings.FontResolver = new ShippedFonts();

    public static byte[] Render(ReceiptDocument receipt)
    {
        var document = new PdfDocument();
        document.Info.Title = receipt.Title;
        var page = document.AddPage();
        page.Size = PageSize.A5;
        const double left = 36, labelWidth = 110;
        var right = page.Width.Point - 36;
        double y = 48;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            Write(gfx, receipt.Title, left, y, 16, XBrushes.Black);
            y += 24;
            if (receipt.Notice is not null)
            {
                Write(gfx, receipt.Notice, left, y, 9, XBrushes.DarkGoldenrod);
                y += 18;
            }

            foreach (var (label, value) in receipt.Facts)
            {
                Write(gfx, label, left, y, 9, XBrushes.Gray);
                Write(gfx, value, left + labelWidth, y, 10, XBrushes.Black);
                y += 16;
            }

            y += 8;
            foreach (var (label, amount) in receipt.Amounts)
            {
                Write(gfx, label, left, y, 10, XBrushes.Black);
                WriteRight(gfx, amount, right, y, 10);
                y += 16;
            }

            gfx.DrawLine(XPens.Gray, left, y - 10, right, y - 10);
            Write(gfx, receipt.Total.Label, left, y + 2, 12, XBrushes.Black);
            WriteRight(gfx, receipt.Total.Amount, right, y + 2, 12);
            y += 28;
            DrawQr(gfx, receipt.Online.AbsoluteUri, left, y, 72);
            Write(gfx, receipt.ScanToOpen, left + 84, y + 40, 9, XBrushes.Gray);
        }

        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    private static void Write(XGraphics gfx, string text, double x, double baseline, double size, XBrush brush)
    {
        foreach (var (run, chinese) in Runs(text))
        {
            var font = Font(chinese, size);
            gfx.DrawString(run, font, brush, x, baseline, XStringFormats.BaseLineLeft);
            x += gfx.MeasureString(run, font).Width;
        }
    }

    private static void WriteRight(XGraphics gfx, string text, double right, double baseline, double size) =>
        Write(gfx, text, right - Runs(text).Sum(r => gfx.MeasureString(r.Text, Font(r.Chinese, size)).Width), baseline, size, XBrushes.Black);

    private static XFont Font(bool chinese, double size) =>
        new(chinese ? Chinese : Latin, size, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    /// <summary>The text cut where it changes between Chinese (CJK ideographs and full-width punctuation) and everything else.</summary>
    private static List<(string Text, bool Chinese)> Runs(string text)
    {
        var runs = new List<(string, bool)>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || IsChinese(text[i]) != IsChinese(text[start]))
            {
                runs.Add((text[start..i], IsChinese(text[start])));
                start = i;
            }
        }

        return runs;

        static bool IsChinese(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uFF00' and <= '\uFFEF';
    }

    private static void DrawQr(XGraphics gfx, string text, double x, double y, double size)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var cell = size / modules.Count;
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules[row].Count; column++)
            {
                if (modules[row][column])
                {
                    gfx.DrawRectangle(XBrushes.Black, x + column * cell, y + row * cell, cell, cell);
                }
            }
        }
    }

    /// <summary>The two fonts in Fonts/ beside the app, whatever the machine has installed.</summary>
    private sealed class ShippedFonts : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            familyName == Chinese ? new FontResolverInfo("DroidSansFallbackFull") : new FontResolverInfo("DejaVuSans");

        public byte[]? GetFont(string faceName) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fonts", faceName + ".ttf"));
    }
}
