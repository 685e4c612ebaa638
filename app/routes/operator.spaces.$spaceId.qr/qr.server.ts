import QRCode from "qrcode";

/** An SVG QR code for a URL (presentation only; the token comes from the spaces service). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}
