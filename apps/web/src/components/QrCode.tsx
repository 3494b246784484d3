import QRCode from "qrcode";
import { useMemo } from "react";

/**
 * A QR code drawn in the page from `value` (an otpauth URI): the same qrcode library the label artwork uses,
 * one SVG path, nothing sent anywhere. `label` is what a screen reader hears.
 */
export function QrCode({ value, label, size = 200 }: { value: string; label: string; size?: number }) {
  const { d, modules } = useMemo(() => {
    const qr = QRCode.create(value, { errorCorrectionLevel: "M" });
    const n = qr.modules.size;
    let path = "";
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) if (qr.modules.data[y * n + x]) path += `M${x + 4},${y + 4}h1v1h-1z`;
    return { d: path, modules: n + 8 };
  }, [value]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${modules} ${modules}`}
      shapeRendering="crispEdges"
      data-testid="totp-qr"
    >
      <rect width={modules} height={modules} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
