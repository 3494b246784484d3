import { PassThrough } from "node:stream";
import { z } from "zod";
import { type BundleDeps, writeEvidenceBundle } from "../bundle/build-bundle.ts";
import type { RequestContext } from "../context/deps.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { uploadEvidence, type VaultDeps } from "../vault/upload.ts";
import { type ApplicationView, getApplicationRow } from "./application.ts";
import { transitionApplication } from "./transition.ts";

export const evidenceAnswerSchema = z
  .object({ version: z.number().int().positive(), note: z.string().trim().max(5000).optional() })
  .strict();

const BUNDLE_TITLE = {
  ja: "証跡バンドル（登録窓口の求めに応じて）",
  en: "Evidence bundle (requested by the registry)",
} as const;

/**
 * Answers a registry's request for evidence: builds the product's evidence bundle (ZIP, signed audit excerpt),
 * files it in the vault as a document, and records the `provide_evidence` step with it attached.
 */
export async function answerWithBundle(
  deps: BundleDeps & VaultDeps,
  ctx: RequestContext,
  id: string,
  input: unknown,
): Promise<ApplicationView> {
  const data = parseOrThrow(evidenceAnswerSchema, input);
  const row = await getApplicationRow(deps.db, ctx, id);
  const out = new PassThrough();
  const written = writeEvidenceBundle(deps, ctx, row.product_id, [], out);
  written.catch((error) => out.destroy(error as Error));
  const [evidence] = await Promise.all([
    uploadEvidence(
      deps,
      ctx,
      {
        kind: "document",
        fileName: `evidence-bundle-${row.application_number ?? row.id}.zip`,
        title: BUNDLE_TITLE[ctx.lang],
      },
      out,
      { title: { ...BUNDLE_TITLE } },
    ),
    written,
  ]);
  return transitionApplication(deps, ctx, id, {
    action: "provide_evidence",
    version: data.version,
    attachments: [evidence.id],
    ...(data.note ? { note: data.note } : {}),
  });
}
