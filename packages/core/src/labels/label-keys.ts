import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, type JWK } from "jose";
import type { Db } from "../db/create-db.ts";
import type { InstanceKey } from "../secrets/instance-key.ts";
import { getSecret, putSecret } from "../secrets/secret-store.ts";

export type LabelKeyDeps = { db: Db; instanceKey: InstanceKey; now: () => Date };
export type LabelSigningKey = { kid: string; privateKey: KeyObject };
export type Jwks = { keys: JWK[] };

const secretName = (kid: string) => `label.signing-key.${kid}`;

async function createKey(deps: LabelKeyDeps): Promise<LabelSigningKey> {
  const pair = generateKeyPairSync("ed25519");
  const jwk = pair.publicKey.export({ format: "jwk" }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: "EdDSA", use: "sig" };
  const now = deps.now();
  const pem = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await deps.db.transaction().execute(async (trx) => {
    await putSecret(trx, deps.instanceKey, secretName(kid), pem, now);
    await trx
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
 * Rotation: a new key signs from now on; the old ones are retired but stay published in the JWKS,
 * so that labels signed before keep verifying. Their private halves are deleted from use, not from the
 * store (a backup keeps what it had).
 */
export async function rotateLabelKey(deps: LabelKeyDeps): Promise<{ kid: string; retired: string[] }> {
  const active = await deps.db
    .selectFrom("label_keys")
    .select("kid")
    .where("retired_at", "is", null)
    .execute();
  await deps.db
    .updateTable("label_keys")
    .set({ retired_at: deps.now().toISOString() })
    .where("retired_at", "is", null)
    .execute();
  const key = await createKey(deps);
  return { kid: key.kid, retired: active.map((r) => r.kid) };
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
