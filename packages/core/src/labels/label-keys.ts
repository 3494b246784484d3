import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, type JWK } from "jose";
import { appendAudit } from "../audit/audit-log.ts";
import type { Db } from "../db/create-db.ts";
import { inTransaction } from "../db/in-transaction.ts";
import type { InstanceKey } from "../secrets/instance-key.ts";
import { getSecret, putSecret } from "../secrets/secret-store.ts";

export type LabelKeyDeps = { db: Db; instanceKey: InstanceKey; now: () => Date };
export type LabelSigningKey = { kid: string; privateKey: KeyObject };
export type Jwks = { keys: JWK[] };

const secretName = (kid: string) => `label.signing-key.${kid}`;

async function createKey(deps: LabelKeyDeps, trx: Db = deps.db): Promise<LabelSigningKey> {
  const pair = generateKeyPairSync("ed25519");
  const jwk = pair.publicKey.export({ format: "jwk" }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: "EdDSA", use: "sig" };
  const now = deps.now();
  const pem = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await inTransaction(trx, async (t) => {
    await putSecret(t, deps.instanceKey, secretName(kid), pem, now);
    await t
      .insertInto("label_keys")
      .values({ kid, public_jwk: JSON.stringify(publicJwk), created_at: now.toISOString(), retired_at: null })
      .execute();
  });
  return { kid, privateKey: pair.privateKey };
}

/** The key that signs from now on: the newest key not retired, created at first use. */
export async function activeLabelKey(deps: LabelKeyDeps): Promise<LabelSigningKey> {
  const row = await deps.db
    .selectFrom("label_keys")
    .select("kid")
    .where("retired_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("kid")
    .executeTakeFirst();
  if (!row) return createKey(deps);
  const pem = await getSecret(deps.db, deps.instanceKey, secretName(row.kid));
  if (!pem) throw new Error(`label signing key ${row.kid} has no private half in the secret store`);
  return { kid: row.kid, privateKey: createPrivateKey(pem) };
}

/**
 * Rotation: a new key signs from now on; the old ones are retired but stay published in the JWKS, so that
 * labels signed before keep verifying. One transaction with an audit entry.
 */
export async function rotateLabelKey(
  deps: LabelKeyDeps,
  actor = "system",
): Promise<{ kid: string; retired: string[] }> {
  return deps.db.transaction().execute(async (trx) => {
    const active = await trx.selectFrom("label_keys").select("kid").where("retired_at", "is", null).execute();
    const now = deps.now();
    await trx
      .updateTable("label_keys")
      .set({ retired_at: now.toISOString() })
      .where("retired_at", "is", null)
      .execute();
    const key = await createKey(deps, trx);
    const retired = active.map((r) => r.kid);
    await appendAudit(
      trx,
      {
        orgId: null,
        actor,
        action: "label.key.rotate",
        entityType: "label_key",
        entityId: key.kid,
        data: { retired },
      },
      now,
    );
    return { kid: key.kid, retired };
  });
}

/** Every key ever used (active and retired), newest first: what /.well-known/jwks.json serves. */
export async function publicJwks(db: Db): Promise<Jwks> {
  const rows = await db
    .selectFrom("label_keys")
    .select("public_jwk")
    .orderBy("created_at", "desc")
    .orderBy("kid")
    .execute();
  return { keys: rows.map((r) => JSON.parse(r.public_jwk) as JWK) };
}
