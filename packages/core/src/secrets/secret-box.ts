import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "../errors/app-error.ts";
import { type InstanceKey, keyIdOf } from "./instance-key.ts";

/** An encrypted value as stored: AES-256-GCM with the id of the key that sealed it. */
export type Envelope = { v: 1; keyId: string; iv: string; tag: string; data: string };

/** Encrypts a secret with the instance key (AES-256-GCM, random 96-bit IV). `name` is bound as associated data. */
export function seal(key: Pick<InstanceKey, "key">, name: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(Buffer.from(name));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const envelope: Envelope = {
    v: 1,
    keyId: keyIdOf(key.key),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64"),
  };
  return JSON.stringify(envelope);
}

/** Decrypts a sealed secret; a wrong key or a tampered value is an error, never garbage. */
export function open(key: Pick<InstanceKey, "key">, name: string, sealed: string): string {
  const envelope = JSON.parse(sealed) as Envelope;
  if (envelope.keyId !== keyIdOf(key.key)) {
    throw new AppError("INTERNAL", {}, [], {
      cause: new Error(`secret ${name} was sealed with key ${envelope.keyId}, not ${keyIdOf(key.key)}`),
    });
  }
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(envelope.iv, "base64"));
  decipher.setAAD(Buffer.from(name));
  decipher.setAuthTag(Buffer.from(envelope.tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(envelope.data, "base64")), decipher.final()]).toString(
    "utf8",
  );
}
