import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { z } from "zod";
import { i18nTextSchema } from "../i18n/text.ts";
import type { LabelClaim } from "./label-token.ts";

/** qrcode and the resvg native module load with the first label drawn, not with every import of @jcstar/core. */
const requireHere = createRequire(import.meta.url);

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/);

/** The neutral label design, as data (labels/data/label-design.json). Never the official JC-STAR mark. */
export const labelDesignSchema = z
  .object({
    $comment: z.string().optional(),
    width: z.number().int().min(200).max(2000),
    height: z.number().int().min(100).max(2000),
    fontFamily: z.string().regex(/^[A-Za-z0-9 ,-]+$/),
    colours: z
      .object({
        background: colour,
        border: colour,
        accent: colour,
        text: colour,
        muted: colour,
        sandbox: colour,
      })
      .strict(),
    title: i18nTextSchema,
    levelText: i18nTextSchema,
    registrationText: i18nTextSchema,
    validUntilText: i18nTextSchema,
    scanText: i18nTextSchema,
    sandboxText: i18nTextSchema,
    pngScale: z.number().min(1).max(10),
  })
  .strict();
export type LabelDesign = z.output<typeof labelDesignSchema>;

export const LABEL_DESIGN: LabelDesign = labelDesignSchema.parse(
  JSON.parse(readFileSync(new URL("./data/label-design.json", import.meta.url), "utf8")),
);

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A five-pointed star as a path (no font glyph: prints the same everywhere). */
function starPath(cx: number, cy: number, r: number): string {
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : r * 0.4;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push(
      `${(cx + radius * Math.cos(angle)).toFixed(2)},${(cy + radius * Math.sin(angle)).toFixed(2)}`,
    );
  }
  return `M${points.join("L")}Z`;
}

/** The QR code of a URL as one SVG path in module units, with its size (quiet zone not included). */
function qrPath(url: string): { d: string; size: number } {
  const QRCode = requireHere("qrcode") as typeof import("qrcode");
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  let d = "";
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) if (qr.modules.data[y * size + x]) d += `M${x},${y}h1v1h-1z`;
  return { d, size };
}

/** The label artwork as SVG: stars, level, registration number, validity and a QR code to the public page. */
export function labelSvg(claim: LabelClaim, design: LabelDesign = LABEL_DESIGN): string {
  const { width: w, height: h, colours: c } = design;
  const qr = qrPath(claim.url);
  const qrBox = h - 40;
  const qrX = w - qrBox - 20;
  const scale = qrBox / (qr.size + 8);
  const stars = Array.from({ length: claim.starLevel }, (_, i) => starPath(52 + i * 44, 100, 20)).join("");
  const t = (x: number, y: number, size: number, fill: string, body: string, weight = "normal") =>
    `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}">${esc(body)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${esc(design.fontFamily)}">`,
    `<title>${esc(`${design.title.en} ${claim.registrationNumber}`)}</title>`,
    `<rect x="3" y="3" width="${w - 6}" height="${h - 6}" rx="18" fill="${c.background}" stroke="${c.border}" stroke-width="6"/>`,
    t(30, 44, 22, c.accent, design.title.ja, "bold"),
    t(30, 66, 14, c.muted, design.title.en),
    `<path d="${stars}" fill="${c.accent}"/>`,
    t(
      40 + claim.starLevel * 44,
      110,
      26,
      c.text,
      `${design.levelText.ja} ${claim.starLevel} / ${design.levelText.en} ${claim.starLevel}`,
      "bold",
    ),
    t(30, 148, 14, c.muted, `${design.registrationText.ja} / ${design.registrationText.en}`),
    t(30, 174, 24, c.text, claim.registrationNumber, "bold"),
    t(30, 200, 14, c.muted, `${design.validUntilText.ja} / ${design.validUntilText.en}`),
    t(30, 222, 18, c.text, claim.validUntil),
    claim.sandbox
      ? t(30, 254, 13, c.sandbox, design.sandboxText.ja, "bold")
      : t(30, 262, 13, c.muted, design.scanText.ja),
    claim.sandbox
      ? t(30, 272, 13, c.sandbox, design.sandboxText.en, "bold")
      : t(30, 280, 13, c.muted, design.scanText.en),
    `<rect x="${qrX}" y="20" width="${qrBox}" height="${qrBox}" fill="#ffffff"/>`,
    `<path transform="translate(${qrX + 4 * scale} ${20 + 4 * scale}) scale(${scale})" d="${qr.d}" fill="#000000" shape-rendering="crispEdges"/>`,
    `</svg>`,
  ].join("\n");
}

/** The same artwork as a print-ready PNG (scaled up by design.pngScale; system fonts, Noto CJK for Japanese). */
export function labelPng(claim: LabelClaim, design: LabelDesign = LABEL_DESIGN): Buffer {
  const { Resvg } = requireHere("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const resvg = new Resvg(labelSvg(claim, design), {
    fitTo: { mode: "zoom", value: design.pngScale },
    background: design.colours.background,
    font: { loadSystemFonts: true, defaultFontFamily: "Noto Sans CJK JP" },
  });
  return resvg.render().asPng();
}
