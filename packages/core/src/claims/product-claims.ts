import { z } from "zod";
import { type Application, listApplications } from "../application/application.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { DOCUMENT_KINDS, type DocumentKind } from "../documents/inputs.schema.ts";
import { previewDocument } from "../documents/publish.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { LANGS } from "../i18n/text.ts";
import { listModelNumbers } from "../product/model-numbers.ts";
import { type ClaimFinding, type ClaimsContext, checkClaims } from "./check-claims.ts";

/** The longest marketing text checked at once (characters). */
export const CLAIMS_TEXT_MAX = 20_000;

/** What to check: pasted text, or one of the product's generated documents (its preview) in one language. */
export const claimsCheckSchema = z.union([
  z.object({ text: z.string().min(1).max(CLAIMS_TEXT_MAX) }).strict(),
  z.object({ document: z.enum(DOCUMENT_KINDS), lang: z.enum(LANGS) }).strict(),
]);
export type ClaimsCheckInput = z.infer<typeof claimsCheckSchema>;

export type ClaimsCheck = {
  productId: string;
  /** The application the context comes from (null: the product has none). */
  applicationId: string | null;
  context: ClaimsContext;
  /** The text checked (the document's Markdown when a document was checked): findings index into it. */
  text: string;
  document: DocumentKind | null;
  findings: ClaimFinding[];
};

/** The application whose label speaks for the product: the newest with a label issued, else the newest. */
function currentApplication(apps: readonly Application[]): Application | null {
  return apps.find((a) => a.labelIssuedOn !== null) ?? apps[0] ?? null;
}

/** What the checker needs to know of a product, from its current application and its model numbers. */
export async function claimsContext(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  productId: string,
): Promise<{ applicationId: string | null; context: ClaimsContext }> {
  const models = (await listModelNumbers(deps, ctx, productId)).map((m) => m.modelNumber);
  const app = currentApplication(await listApplications(deps, ctx, { productId }));
  return {
    applicationId: app?.id ?? null,
    context: {
      acceptanceNumber: app?.acceptanceNumber ?? null,
      registrationNumber: app?.registrationNumber ?? null,
      labelStatus: app?.labelStatus ?? null,
      labelExpiresOn: app?.labelExpiresOn ?? null,
      labelledModels: app?.modelNumbers ?? [],
      productModels: models,
    },
  };
}

/** Checks pasted marketing text, or a generated document, of a product against the label-use rules. */
export async function checkProductClaims(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  productId: string,
  input: unknown,
): Promise<ClaimsCheck> {
  const body = parseOrThrow(claimsCheckSchema, input);
  const { applicationId, context } = await claimsContext(deps, ctx, productId);
  const text =
    "text" in body
      ? body.text
      : (await previewDocument(deps, ctx, productId, body.document, body.lang)).markdown;
  const document = "document" in body ? body.document : null;
  return { productId, applicationId, context, text, document, findings: checkClaims(text, context) };
}
