import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { Db } from "../db/create-db.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { newId } from "../db/ids.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import type { Lang } from "../i18n/text.ts";
import type { InstanceKey } from "../secrets/instance-key.ts";
import { assertNotOwnOrg } from "./conflict-of-interest.ts";
import { findLabelRow, type Label, labelNotFound, toLabel } from "./label.ts";
import { activeLabelKey } from "./label-keys.ts";
import { type LabelClaim, signLabel } from "./label-token.ts";
import {
  formatRegistrationNumber,
  japanDate,
  REGISTRATION_NUMBER_PATTERN,
  registrationPrefix,
} from "./registration-number.ts";
import { readRegistrySettings, registryPublicUrl } from "./registry-settings.ts";

/** `publicUrl`: `JCSTAR_PUBLIC_URL` when set (see settings/public-url.ts). */
export type LabelDeps = { db: Db; now: () => Date; instanceKey: InstanceKey; publicUrl?: string | undefined };
/** The registry operator acting (instance role `operator`). */
export type RegistryActor = { id: string | null; name: string; lang?: Lang };

const text = (max: number) => z.string().trim().min(1).max(max);

const labelIssueFields = z
  .object({
    /** A product on this instance: product, maker and model numbers are copied from it. */
    productId: z.string().min(1).max(64).optional(),
    /** Without productId (a programme whose makers are not on this instance): given here. */
    product: text(200).optional(),
    maker: text(200).optional(),
    modelNumbers: z.array(text(100)).max(500).optional(),
    starLevel: z.number().int().min(1).max(4).default(1),
    /** Normally left out: the next number of the configured format. */
    registrationNumber: z.string().regex(REGISTRATION_NUMBER_PATTERN).optional(),
    /** Default today (Japan time). */
    validFrom: z.iso.date().optional(),
    /**
     * The last valid day the operator entered (the lifecycle pre-fills issuance + the validity years); at most
     * the validity years after validFrom. Default: validFrom + validityYears − 1 day.
     */
    validUntil: z.iso.date().optional(),
    /**
     * The application this label answers (set by the application lifecycle, which only passes applications
     * submitted to this registry). Without it, a product on this instance must have a published page.
     */
    applicationId: z.string().min(1).max(64).optional(),
  })
  .strict();
const productOrNames = (v: {
  productId?: string | undefined;
  product?: string | undefined;
  maker?: string | undefined;
}) => v.productId !== undefined || (v.product !== undefined && v.maker !== undefined);
const productOrNamesIssue = { message: "productId, or product and maker", path: ["productId"] };

export const labelIssueSchema = labelIssueFields.refine(productOrNames, productOrNamesIssue);
export type LabelIssueInput = z.input<typeof labelIssueSchema>;

/** What an operator may send to POST /api/operator/labels: no applicationId (only the lifecycle sets it). */
export const operatorLabelIssueSchema = labelIssueFields
  .omit({ applicationId: true })
  .refine(productOrNames, productOrNamesIssue);

export const labelRevokeSchema = z
  .object({ registrationNumber: z.string().regex(REGISTRATION_NUMBER_PATTERN), reason: text(1000) })
  .strict();

/** validFrom + N years − 1 day: a label issued on 2026-11-26 for two years is valid through 2028-11-25. */
export function validUntilOf(validFrom: string, years: number): string {
  const d = new Date(`${validFrom}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The operator's last valid day, or the default; never before validFrom nor past validFrom + years. */
function checkedValidUntil(validFrom: string, given: string | undefined, years: number): string {
  if (!given) return validUntilOf(validFrom, years);
  const cap = new Date(`${validFrom}T00:00:00Z`);
  cap.setUTCFullYear(cap.getUTCFullYear() + years);
  if (given < validFrom || given > cap.toISOString().slice(0, 10))
    throw new AppError("VALIDATION_FAILED", {}, [
      {
        path: "validUntil",
        message: {
          ja: `有効期限は発行日から${years}年以内です。`,
          en: `The last valid day must be within ${years} years of issuance.`,
        },
      },
    ]);
  return given;
}

async function productSnapshot(db: Db, lang: Lang, productId: string) {
  const product = await db
    .selectFrom("products")
    .innerJoin("organisations", "organisations.id", "products.org_id")
    .select(["products.id", "products.name", "products.org_id", "organisations.name as maker"])
    .where("products.id", "=", productId)
    .executeTakeFirst();
  if (!product)
    throw new AppError("NOT_FOUND", { entity: lang === "ja" ? "製品" : "Product", id: productId });
  const models = await db
    .selectFrom("model_numbers")
    .select("model_number")
    .where("product_id", "=", productId)
    .orderBy("model_number")
    .execute();
  return { ...product, modelNumbers: models.map((m) => m.model_number) };
}

async function nextRegistrationNumber(db: Db, format: string, at: Date): Promise<string> {
  const prefix = registrationPrefix(format, at);
  const row = await db
    .selectFrom("labels")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("registration_number", ">=", prefix)
    .where("registration_number", "<", `${prefix}\u{10ffff}`)
    .executeTakeFirstOrThrow();
  let seq = Number(row.n) + 1;
  for (;;) {
    const candidate = formatRegistrationNumber(format, at, seq);
    if (!(await findLabelRow(db, candidate))) return candidate;
    seq += 1;
  }
}

/**
 * Issues a label (registry side): the next registration number, validity from today for the configured
 * years, a payload signed with the registry's active key, and an audit entry, in one transaction.
 * QR codes and `iss` point to the registry's `publicBaseUrl`, else the instance's public URL (PUBLIC_URL_NOT_SET
 * when neither is set): never to the origin of the request.
 */
export async function issueLabel(deps: LabelDeps, actor: RegistryActor, input: unknown): Promise<Label> {
  const data = parseOrThrow(labelIssueSchema, input);
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction().execute((trx) => issueLabelIn({ ...deps, db: trx }, actor, data));
    } catch (error) {
      // Two operators issuing at once may draw the same next number: draw again.
      if (isUniqueViolation(error) && !data.registrationNumber && attempt < 5) continue;
      throw error;
    }
  }
}

/**
 * `issueLabel` inside the caller's transaction (`deps.db`): the application lifecycle issues the label in the
 * same transaction as its "label issued" step, so both happen or neither. No retry here: a clash of numbers
 * fails the caller's transaction.
 */
export async function issueLabelIn(
  deps: LabelDeps,
  actor: RegistryActor,
  input: LabelIssueInput,
): Promise<Label> {
  const data = parseOrThrow(labelIssueSchema, input);
  const trx = deps.db;
  const lang = actor.lang ?? "en";
  const settings = await readRegistrySettings(trx);
  const base = await registryPublicUrl({ ...deps, db: trx }, settings);
  const key = await activeLabelKey(deps);
  const snapshot = data.productId ? await productSnapshot(trx, lang, data.productId) : null;
  await assertNotOwnOrg({ db: trx }, actor, snapshot?.org_id ?? null);
  // Operators see only what was submitted to them: a product's data goes on a public label only through an
  // application, or when its maker has published the product's security information page.
  if (snapshot && !data.applicationId) {
    const published = await trx
      .selectFrom("product_publications")
      .select("product_id")
      .where("product_id", "=", snapshot.id)
      .where("published", "=", 1)
      .executeTakeFirst();
    if (!published) throw new AppError("LABEL_PRODUCT_NOT_SUBMITTED", { productId: snapshot.id });
  }
  const now = deps.now();
  const registrationNumber =
    data.registrationNumber ?? (await nextRegistrationNumber(trx, settings.registrationNumberFormat, now));
  if (data.registrationNumber && (await findLabelRow(trx, registrationNumber)))
    throw new AppError("ALREADY_EXISTS", {
      entity: lang === "ja" ? "登録番号" : "Registration number",
      key: registrationNumber,
    });
  const validFrom = data.validFrom ?? japanDate(now);
  const claim: LabelClaim = {
    registrationNumber,
    starLevel: data.starLevel,
    product: data.product ?? snapshot?.name ?? "",
    maker: data.maker ?? snapshot?.maker ?? "",
    modelNumbers: data.modelNumbers ?? snapshot?.modelNumbers ?? [],
    validFrom,
    validUntil: checkedValidUntil(validFrom, data.validUntil, settings.validityYears),
    url: `${base}/registry/${encodeURIComponent(registrationNumber)}`,
    registry: settings.registryName.en,
    sandbox: settings.sandbox,
  };
  const row = {
    id: newId("lbl"),
    registration_number: registrationNumber,
    star_level: claim.starLevel,
    org_id: snapshot?.org_id ?? null,
    product_id: snapshot?.id ?? null,
    product_name: claim.product,
    maker_name: claim.maker,
    model_numbers: JSON.stringify(claim.modelNumbers),
    valid_from: claim.validFrom,
    valid_until: claim.validUntil,
    status: "valid",
    revoked_at: null,
    revocation_reason: null,
    application_id: data.applicationId ?? null,
    key_id: key.kid,
    payload: await signLabel(key, claim, base, now),
    issued_by: actor.id,
    issued_at: now.toISOString(),
    version: 1,
  };
  await trx.insertInto("labels").values(row).execute();
  await trx
    .insertInto("label_terms")
    .values(labelTerms(claim).map((term) => ({ term, label_id: row.id })))
    .execute();
  await appendAudit(
    trx,
    {
      orgId: row.org_id,
      actor: actor.name,
      action: "label.issue",
      entityType: "label",
      entityId: row.id,
      data: {
        registrationNumber,
        starLevel: claim.starLevel,
        productId: row.product_id,
        validFrom,
        validUntil: claim.validUntil,
        applicationId: row.application_id,
        keyId: key.kid,
      },
    },
    now,
  );
  return toLabel(row, now);
}

/**
 * The search terms of a label: lower-case registration number, model numbers, product and maker names, and each
 * word of the names (split at spaces and punctuation). A search matches the beginning of any term.
 */
export function labelTerms(
  claim: Pick<LabelClaim, "registrationNumber" | "product" | "maker" | "modelNumbers">,
): string[] {
  const words = (text: string) => text.split(/[\s\u3000/,()（）・、。:;]+/);
  const terms = [
    claim.registrationNumber,
    ...claim.modelNumbers,
    claim.product,
    claim.maker,
    ...words(claim.product),
    ...words(claim.maker),
  ]
    .map((t) => t.trim().toLowerCase().slice(0, 200))
    .filter((t) => t.length > 0);
  return [...new Set(terms)];
}

/** Revokes a label with a reason (registry side). The signed status list lists it from then on. */
export async function revokeLabel(
  deps: Pick<LabelDeps, "db" | "now">,
  actor: RegistryActor,
  input: unknown,
): Promise<Label> {
  const { registrationNumber, reason } = parseOrThrow(labelRevokeSchema, input);
  const lang = actor.lang ?? "en";
  // In the caller's transaction when there is one (the lifecycle's "revoke" step), else in a new one.
  return inTransaction(deps.db, async (trx) => {
    const row = await findLabelRow(trx, registrationNumber);
    if (!row) throw labelNotFound(lang, registrationNumber);
    await assertNotOwnOrg({ db: trx }, actor, row.org_id);
    if (row.status === "revoked") throw new AppError("LABEL_REVOKED", { registrationNumber });
    const now = deps.now();
    const result = await trx
      .updateTable("labels")
      .set({
        status: "revoked",
        revoked_at: now.toISOString(),
        revocation_reason: reason,
        version: row.version + 1,
      })
      .where("id", "=", row.id)
      .where("version", "=", row.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw new AppError("VERSION_CONFLICT", { current: "?", sent: row.version });
    await appendAudit(
      trx,
      {
        orgId: row.org_id,
        actor: actor.name,
        action: "label.revoke",
        entityType: "label",
        entityId: row.id,
        data: { registrationNumber, reason },
      },
      now,
    );
    const updated = await findLabelRow(trx, registrationNumber);
    return toLabel(updated ?? row, now);
  });
}
