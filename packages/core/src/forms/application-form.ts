import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { newId } from "../db/ids.ts";
import { AppError, type ErrorDetail } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import type { I18nText } from "../i18n/text.ts";
import { listModelNumbers } from "../product/model-numbers.ts";
import { getProduct } from "../product/product.ts";
import { SHARED_SOURCES } from "../scheme/shared-sources.ts";
import { type FactSources, factSources } from "../scheme/source-registry.ts";
import { type ApplicationFormData, applicationFormUpdateSchema } from "./application-form.schema.ts";
import { type FieldInput, normaliseFieldInput } from "./field-input.ts";
import { applicationFormDefinition, type FormField, type WriteThrough } from "./form-definition.ts";

export type ApplicationFormFieldView = {
  id: string;
  section: string;
  label: I18nText;
  /** Required now (a proxy field only when a proxy applies). */
  required: boolean;
  publishable: boolean;
  /** Taken from the product or the checklist; not editable here. */
  derived: boolean;
  /** The organisation's value (the corporate number): saving the form changes it for every product. */
  organisationValue: boolean;
  value: string;
  publish: boolean;
  missing: boolean;
  maxLength: number | null;
  pattern: string | null;
  /** How the server makes a typed value canonical (the web shows the matching hint). */
  input: FieldInput | null;
  /** Where the item comes from, and the "unverified" mark when no source is official. */
  facts: FactSources;
};

const formFacts = (keys: readonly string[]) =>
  factSources(SHARED_SOURCES.sources, keys, SHARED_SOURCES.unverifiedMark);

export type ApplicationFormView = {
  productId: string;
  definitionVersion: string;
  /** 0 when never saved. */
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
  proxy: boolean;
  sections: { id: string; form: "application" | "power-of-attorney"; title: I18nText; facts: FactSources }[];
  /** Why some items start as "publish on the website". */
  publishNote: I18nText;
  fields: ApplicationFormFieldView[];
  confirmations: {
    id: string;
    label: I18nText;
    applies: boolean;
    checked: boolean;
    missing: boolean;
    facts: FactSources;
  }[];
  /** Required fields and confirmations still empty: each is an APPLICATION_FIELD_MISSING readiness blocker. */
  missing: { field: string; label: I18nText }[];
};

async function formRow(db: Db, ctx: RequestContext, productId: string) {
  return db
    .selectFrom("application_forms")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
}

/**
 * The application form of a product: stored values, prefills from the organisation, values derived from the product,
 * and values that belong to the organisation (`writesTo`: the corporate number), always read from it.
 */
export async function getApplicationForm(
  deps: Pick<CoreDeps, "db" | "catalog">,
  ctx: RequestContext,
  productId: string,
): Promise<ApplicationFormView> {
  const product = await getProduct(deps, ctx, productId);
  const models = await listModelNumbers(deps, ctx, productId);
  const org = await deps.db
    .selectFrom("organisations")
    .select(["name", "corporate_number"])
    .where("id", "=", ctx.orgId)
    .executeTakeFirstOrThrow();
  const assessment = await deps.db
    .selectFrom("assessments")
    .select("catalog_version")
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  const level = assessment
    ? deps.catalog.get(assessment.catalog_version).level
    : deps.catalog.latest(1).level;
  const row = await formRow(deps.db, ctx, productId);
  const data: ApplicationFormData = row
    ? (JSON.parse(row.data) as ApplicationFormData)
    : { values: {}, publish: {}, confirmations: {}, proxy: false };
  const def = applicationFormDefinition();

  const sources: Record<string, string> = {
    "organisation.name": org.name,
    "organisation.corporateNumber": org.corporate_number ?? "",
    "product.name": product.name,
    "product.modelNumbers": models.map((m) => m.modelNumber).join("\n"),
    "product.category": product.category,
    "catalog.level": String(level),
  };
  const fieldValue = (f: FormField): string => {
    if (f.derived) return sources[f.derived] ?? "";
    if (f.writesTo) return sources[f.writesTo] ?? "";
    const typed = data.values[f.id];
    if (typed !== undefined) return typed;
    return f.prefill ? (sources[f.prefill] ?? "") : "";
  };
  const fields = def.fields.map((f): ApplicationFormFieldView => {
    const value = fieldValue(f).trim();
    const required = f.required && (f.requiredWhen !== "proxy" || data.proxy);
    return {
      id: f.id,
      section: f.section,
      label: f.label,
      required,
      publishable: f.publishable,
      derived: !!f.derived,
      organisationValue: f.writesTo?.startsWith("organisation.") ?? false,
      value,
      // Not chosen yet: what the scheme's public page shows starts published (publishDefault, from data).
      publish: f.publishable && (data.publish[f.id] ?? f.publishDefault ?? false),
      missing: required && value === "",
      maxLength: f.maxLength ?? null,
      pattern: f.pattern ?? null,
      input: f.input ?? null,
      facts: formFacts(f.sources),
    };
  });
  const corporateNumber = fields.find((f) => f.id === "corporateNumber")?.value ?? "";
  const confirmations = def.confirmations.map((c) => {
    const applies = c.when !== "noCorporateNumber" || corporateNumber === "";
    const checked = data.confirmations[c.id] === true;
    return {
      id: c.id,
      label: c.label,
      applies,
      checked,
      missing: applies && !checked,
      facts: formFacts(c.sources),
    };
  });
  return {
    productId,
    definitionVersion: def.version,
    version: row?.version ?? 0,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
    proxy: data.proxy,
    sections: def.sections.map((sec) => ({
      id: sec.id,
      form: sec.form,
      title: sec.title,
      facts: formFacts(sec.sources),
    })),
    publishNote: def.publishNote.text,
    fields,
    confirmations,
    missing: [
      ...fields.filter((f) => f.missing).map((f) => ({ field: f.id, label: f.label })),
      ...confirmations
        .filter((c) => c.missing)
        .map((c) => ({ field: `confirmation.${c.id}`, label: c.label })),
    ],
  };
}

/** Typed values in their canonical form (postal codes as NNN-NNNN…), by each field's `input` kind. */
function canonicalValues(values: Record<string, string>): Record<string, string> {
  const byId = new Map(applicationFormDefinition().fields.map((f) => [f.id, f]));
  return Object.fromEntries(
    Object.entries(values).map(([id, v]) => [id, normaliseFieldInput(byId.get(id)?.input, v)]),
  );
}

/** Checks typed values against the definition: known, editable fields only; length and pattern. */
function checkValues(data: ApplicationFormData): ErrorDetail[] {
  const def = applicationFormDefinition();
  const byId = new Map(def.fields.map((f) => [f.id, f]));
  const details: ErrorDetail[] = [];
  for (const [id, raw] of Object.entries(data.values)) {
    const f = byId.get(id);
    const value = raw.trim();
    if (!f || f.derived) {
      details.push({
        path: `values.${id}`,
        message: { ja: "編集できない項目です。", en: "Not an editable field." },
      });
    } else if (f.maxLength && value.length > f.maxLength) {
      details.push({
        path: `values.${id}`,
        message: {
          ja: `${f.maxLength} 文字以内で入力してください。`,
          en: `At most ${f.maxLength} characters.`,
        },
      });
    } else if (value !== "" && f.pattern && !new RegExp(f.pattern, "u").test(value)) {
      details.push({
        path: `values.${id}`,
        message: {
          ja: `${f.label.ja} の形式が正しくありません。`,
          en: `${f.label.en} is not in the expected format.`,
        },
      });
    }
  }
  for (const id of Object.keys(data.publish)) {
    if (!byId.get(id)?.publishable)
      details.push({
        path: `publish.${id}`,
        message: { ja: "公開を選べない項目です。", en: "This field cannot be published." },
      });
  }
  for (const id of Object.keys(data.confirmations)) {
    if (!def.confirmations.some((c) => c.id === id))
      details.push({
        path: `confirmations.${id}`,
        message: { ja: "不明な確認項目です。", en: "Unknown item." },
      });
  }
  return details;
}

/**
 * Saves the application form of a product (editors). `version` must be the one read (0 for the first save),
 * otherwise VERSION_CONFLICT; appends an audit entry in the same transaction.
 */
export async function saveApplicationForm(
  deps: CoreDeps,
  ctx: RequestContext,
  productId: string,
  input: unknown,
): Promise<ApplicationFormView> {
  const { version, ...parsed } = parseOrThrow(applicationFormUpdateSchema, input);
  const data = { ...parsed, values: canonicalValues(parsed.values) };
  const details = checkValues(data);
  if (details.length > 0) throw new AppError("VALIDATION_FAILED", {}, details);
  const { values, through } = splitValues(data.values);
  const stored = JSON.stringify({ ...data, values });
  await getProduct(deps, ctx, productId);
  const now = isoNow(deps);
  try {
    await deps.db.transaction().execute(async (trx) => {
      const current = await formRow(trx, ctx, productId);
      const currentVersion = current?.version ?? 0;
      if (currentVersion !== version)
        throw new AppError("VERSION_CONFLICT", { current: currentVersion, sent: version });
      let id = current?.id;
      if (!current) {
        id = newId("apf");
        await trx
          .insertInto("application_forms")
          .values({
            id,
            org_id: ctx.orgId,
            product_id: productId,
            data: stored,
            version: 1,
            created_at: now,
            updated_at: now,
            updated_by: ctx.actor.id,
          })
          .execute();
      } else {
        const result = await trx
          .updateTable("application_forms")
          .set({ data: stored, version: version + 1, updated_at: now, updated_by: ctx.actor.id })
          .where("id", "=", current.id)
          .where("org_id", "=", ctx.orgId)
          .where("version", "=", version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1)
          throw new AppError("VERSION_CONFLICT", { current: "?", sent: version });
      }
      await writeThrough(trx, ctx, through);
      await appendAudit(
        trx,
        {
          orgId: ctx.orgId,
          actor: ctx.actor.id,
          action: "application-form.saved",
          entityType: "application_form",
          entityId: id as string,
          data: {
            productId,
            version: version + 1,
            fields: Object.keys(values).sort(),
            proxy: data.proxy,
            ...(through.length > 0 ? { organisation: through.map((t) => t.to).sort() } : {}),
          },
        },
        deps.now(),
      );
    });
  } catch (error) {
    // Two first saves at once: the loser sees the unique constraint.
    if (isUniqueViolation(error)) throw new AppError("VERSION_CONFLICT", { current: 1, sent: version });
    throw error;
  }
  return getApplicationForm(deps, ctx, productId);
}

/** Trimmed values: the form's own, and those that belong to another record (`writesTo`). */
function splitValues(raw: Record<string, string>) {
  const trimmed = Object.entries(raw).map(([k, v]) => [k, v.trim()] as const);
  const targets = new Map(applicationFormDefinition().fields.map((f) => [f.id, f.writesTo]));
  const values = Object.fromEntries(trimmed.filter(([k]) => !targets.get(k)));
  const through = trimmed.flatMap(([k, value]) => {
    const to = targets.get(k);
    return to ? [{ to, value }] : [];
  });
  return { values, through };
}

/** Saves the values that belong to the organisation (the corporate number: one value for all its products). */
async function writeThrough(
  trx: Db,
  ctx: RequestContext,
  through: { to: WriteThrough; value: string }[],
): Promise<void> {
  for (const { to, value } of through) {
    if (to !== "organisation.corporateNumber") continue;
    await trx
      .updateTable("organisations")
      .set({ corporate_number: value === "" ? null : value })
      .where("id", "=", ctx.orgId)
      .execute();
  }
}
