import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import { auditPublicKeys } from "../audit/checkpoints.ts";
import { keyFingerprint, parsePublicKeys, pemOf } from "../audit/public-key.ts";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import type { BundleReport } from "./verify-bundle.ts";

/** Instance setting: audit keys of other instances whose bundles an admin allows to be imported here. */
const SETTING_KEY = "trusted-bundle-keys";

export type TrustedBundleKey = {
  name: string;
  /** SHA-256 of the raw Ed25519 public key, hex. */
  fingerprint: string;
  publicKeyPem: string | null;
  addedAt: string;
  addedBy: string | null;
};

export const trustedKeyInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** PEM, JWK or raw key (hex/base64) — or only its fingerprint. */
    publicKey: z.string().trim().min(1).max(10_000).optional(),
    fingerprint: z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, "64 hex digits")
      .optional(),
  })
  .strict()
  .refine((v) => !!v.publicKey || !!v.fingerprint, {
    path: ["publicKey"],
    message: "publicKey or fingerprint required",
    params: {
      ja: "公開鍵またはフィンガープリントを入力してください。",
      en: "Give the public key or its fingerprint.",
    },
  });

export async function listTrustedBundleKeys(db: Db): Promise<TrustedBundleKey[]> {
  const row = await db
    .selectFrom("instance_settings")
    .select("value")
    .where("key", "=", SETTING_KEY)
    .executeTakeFirst();
  return row ? (JSON.parse(row.value) as TrustedBundleKey[]) : [];
}

async function save(db: Db, keys: TrustedBundleKey[], now: Date) {
  const value = JSON.stringify(keys);
  await db
    .insertInto("instance_settings")
    .values({ key: SETTING_KEY, value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
}

function keyOf(input: z.output<typeof trustedKeyInputSchema>): { fingerprint: string; pem: string | null } {
  if (!input.publicKey) return { fingerprint: (input.fingerprint ?? "").toLowerCase(), pem: null };
  let pem: string;
  try {
    const [key] = parsePublicKeys(Buffer.from(input.publicKey));
    if (!key) throw new Error("no key");
    pem = pemOf(key);
  } catch (error) {
    throw new AppError("TRUSTED_KEY_INVALID", { reason: (error as Error).message });
  }
  const fingerprint = keyFingerprint(pem);
  if (input.fingerprint && input.fingerprint.toLowerCase() !== fingerprint)
    throw new AppError("TRUSTED_KEY_INVALID", { reason: "the fingerprint does not match the key" });
  return { fingerprint, pem };
}

/** Adds (or renames) a trusted foreign key; audited. Admin only (route policy). */
export async function addTrustedBundleKey(
  deps: { db: Db; now: () => Date },
  actorId: string | null,
  input: unknown,
): Promise<TrustedBundleKey> {
  const data = parseOrThrow(trustedKeyInputSchema, input);
  const { fingerprint, pem } = keyOf(data);
  const now = deps.now();
  const added: TrustedBundleKey = {
    name: data.name,
    fingerprint,
    publicKeyPem: pem,
    addedAt: now.toISOString(),
    addedBy: actorId,
  };
  await deps.db.transaction().execute(async (trx) => {
    const keys = (await listTrustedBundleKeys(trx)).filter((k) => k.fingerprint !== fingerprint);
    await save(trx, [...keys, added], now);
    await appendAudit(
      trx,
      {
        orgId: null,
        actor: actorId,
        action: "bundle-key.trusted",
        entityType: "trusted_bundle_key",
        entityId: fingerprint,
        data: { name: data.name },
      },
      now,
    );
  });
  return added;
}

export async function removeTrustedBundleKey(
  deps: { db: Db; now: () => Date },
  actorId: string | null,
  fingerprint: string,
): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const keys = await listTrustedBundleKeys(trx);
    const kept = keys.filter((k) => k.fingerprint !== fingerprint.toLowerCase());
    if (kept.length === keys.length)
      throw new AppError("NOT_FOUND", { entity: "trusted key", id: fingerprint });
    await save(trx, kept, now);
    await appendAudit(
      trx,
      {
        orgId: null,
        actor: actorId,
        action: "bundle-key.untrusted",
        entityType: "trusted_bundle_key",
        entityId: fingerprint.toLowerCase(),
        data: {},
      },
      now,
    );
  });
}

/** Whose bundle this is, as far as this instance trusts: its own key, a key an admin trusts, or neither. */
export async function bundleOriginHere(
  db: Db,
  report: Pick<BundleReport, "fingerprint">,
): Promise<{ trusted: boolean; name: string | null }> {
  if (!report.fingerprint) return { trusted: false, name: null };
  if ((await auditPublicKeys(db)).some((k) => k.fingerprint === report.fingerprint))
    return { trusted: true, name: "this instance / このインスタンス" };
  const foreign = (await listTrustedBundleKeys(db)).find((k) => k.fingerprint === report.fingerprint);
  return foreign ? { trusted: true, name: foreign.name } : { trusted: false, name: null };
}
