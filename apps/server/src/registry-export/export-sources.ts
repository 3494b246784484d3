import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  type ExportRow,
  productPageView,
  publicJwks,
  readRegistrySettings,
  registryPublicUrl,
  revokedLabels,
} from "@jcstar/core";
import type { AppDeps } from "../app-env.ts";

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Bump when what core puts into a public page or label JSON changes shape; the files that render them are hashed
 * below, so a change to a template, a text or the stylesheet re-renders every page on the next export.
 */
const RENDER_VERSION = "1";
const RENDERERS = [
  "../public/html.ts",
  "../public/render.ts",
  "../public/pages.ts",
  "../public/page-text.json",
  "../routes/registry.ts",
  "../../../../packages/core/src/labels/data/label-design.json",
];
/** A fingerprint of the code and texts that render the public pages. */
export const RENDER_FINGERPRINT = sha256(
  [RENDER_VERSION, ...RENDERERS.map((f) => readFileSync(new URL(f, import.meta.url), "utf8"))].join("\n"),
);

/**
 * What the pages of one export are made from, as fingerprints: a file whose fingerprint did not change since the
 * last export is kept without being rendered again (the export of a large registry stays short). Everything that
 * a page shows is in its fingerprint: the label row and its status today, the published product information,
 * the registry settings and the renderer.
 */
export type ExportSources = {
  frame: string;
  statusList: string;
  /** Published product information by product id (for the label pages and the product pages). */
  products: Map<string, string>;
};

export async function exportSources(deps: AppDeps): Promise<ExportSources> {
  const settings = await readRegistrySettings(deps.db);
  const origin = await registryPublicUrl(deps, settings);
  const frame = sha256(JSON.stringify([RENDER_FINGERPRINT, settings, origin]));
  const statusList = sha256(JSON.stringify([await revokedLabels(deps), await publicJwks(deps.db), origin]));
  const published = await deps.db
    .selectFrom("product_publications")
    .select("product_id")
    .where("published", "=", 1)
    .execute();
  const products = new Map<string, string>();
  for (const { product_id } of published) {
    const info = await productPageView(deps.db, product_id, deps.now());
    products.set(product_id, sha256(JSON.stringify(info)));
  }
  return { frame, statusList, products };
}

/** The stored facts of a label that its files show besides its public row (signature, key, issuance). */
export type LabelFacts = {
  payload: string;
  product_id: string | null;
  key_id: string;
  issued_at: string;
  version: number;
};

/** The fingerprint of one label's files: its row (as the public sees it today), its payload and its product's page. */
export function labelSource(sources: ExportSources, row: ExportRow | undefined, facts: LabelFacts): string {
  const { payload, product_id, ...rest } = facts;
  const product = product_id ? (sources.products.get(product_id) ?? null) : null;
  return sha256(JSON.stringify([sources.frame, row ?? null, sha256(payload), product_id, product, rest]));
}

/** The fingerprint of one list page: the rows it shows and whether a next page exists. */
export function listSource(sources: ExportSources, rows: ExportRow[], hasMore: boolean): string {
  return sha256(JSON.stringify([sources.frame, rows, hasMore]));
}
