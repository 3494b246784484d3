import type { Selectable } from "kysely";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import type { Lang } from "../i18n/text.ts";
import { labelExpiry } from "./label-token.ts";
import type { LabelTable } from "./labels.table.ts";

export const LABEL_STATUSES = ["valid", "expired", "revoked"] as const;
export type LabelStatus = (typeof LABEL_STATUSES)[number];

/** A label as the registry shows it. `status` is computed: revoked, else expired after validUntil, else valid. */
export type Label = {
  registrationNumber: string;
  starLevel: number;
  product: string;
  maker: string;
  modelNumbers: string[];
  validFrom: string;
  validUntil: string;
  status: LabelStatus;
  revokedAt: string | null;
  revocationReason: string | null;
  productId: string | null;
  applicationId: string | null;
  keyId: string;
  issuedAt: string;
};

export function labelStatus(row: Pick<LabelTable, "status" | "valid_until">, now: Date): LabelStatus {
  if (row.status === "revoked") return "revoked";
  return now > labelExpiry(row.valid_until) ? "expired" : "valid";
}

export function toLabel(row: Selectable<LabelTable>, now: Date): Label {
  return {
    registrationNumber: row.registration_number,
    starLevel: Number(row.star_level),
    product: row.product_name,
    maker: row.maker_name,
    modelNumbers: JSON.parse(row.model_numbers) as string[],
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    status: labelStatus(row, now),
    revokedAt: row.revoked_at,
    revocationReason: row.revocation_reason,
    productId: row.product_id,
    applicationId: row.application_id,
    keyId: row.key_id,
    issuedAt: row.issued_at,
  };
}

/** What the public registry shows of a label: everything but the application it answers (a maker's record). */
export type PublicLabel = Omit<Label, "applicationId">;
export function publicLabel(label: Label): PublicLabel {
  const { applicationId: _hidden, ...rest } = label;
  return rest;
}

export function labelNotFound(lang: Lang, registrationNumber: string): AppError {
  return new AppError("NOT_FOUND", {
    entity: lang === "ja" ? "登録番号" : "Registration number",
    id: registrationNumber,
  });
}

export async function findLabelRow(db: Db, registrationNumber: string) {
  return db
    .selectFrom("labels")
    .selectAll()
    .where("registration_number", "=", registrationNumber)
    .executeTakeFirst();
}

export async function getLabel(
  deps: { db: Db; now: () => Date },
  lang: Lang,
  registrationNumber: string,
): Promise<Label> {
  const row = await findLabelRow(deps.db, registrationNumber);
  if (!row) throw labelNotFound(lang, registrationNumber);
  return toLabel(row, deps.now());
}

/** The signed payload of a label (compact JWS), as stored at issuance. */
export async function getLabelPayload(db: Db, lang: Lang, registrationNumber: string): Promise<string> {
  const row = await db
    .selectFrom("labels")
    .select("payload")
    .where("registration_number", "=", registrationNumber)
    .executeTakeFirst();
  if (!row) throw labelNotFound(lang, registrationNumber);
  return row.payload;
}
