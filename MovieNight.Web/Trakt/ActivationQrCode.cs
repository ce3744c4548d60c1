using QRCoder;

namespace MovieNight.Web.Trakt;

/// <summary>
/// A QR code of Trakt's activation URL, so a phone opens it with the code filled in. A PNG data URI:
/// the CSP allows data: images, while an inline SVG's style attributes would be blocked.
/// </summary>
public static class ActivationQrCode
{
    public static string DataUri(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6, [0, 0, 0], [255, 255, 255]);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
