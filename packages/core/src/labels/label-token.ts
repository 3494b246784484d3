import { createLocalJWKSet, decodeJwt, errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import type { Jwks, LabelSigningKey } from "./label-keys.ts";

/** The JWS `typ` of a signed label payload and of the signed status list. */
export const LABEL_TYP = "jcstar-label+jwt";
export const STATUS_LIST_TYP = "jcstar-status-list+jwt";

/** What a label says, signed by the registry (claim `label`). */
export const labelClaimSchema = z.object({
  registrationNumber: z.string(),
  starLevel: z.number().int(),
  product: z.string(),
  maker: z.string(),
  modelNumbers: z.array(z.string()),
  validFrom: z.string(),
  validUntil: z.string(),
  /** The public registry page (what the QR code holds). */
  url: z.string(),
  registry: z.string(),
  sandbox: z.boolean(),
});
export type LabelClaim = z.output<typeof labelClaimSchema>;

/** A label is valid through the last day of its validity, Japan time. */
export function labelExpiry(validUntil: string): Date {
  return new Date(`${validUntil}T23:59:59+09:00`);
}

export async function signLabel(key: LabelSigningKey, claim: LabelClaim, issuer: string, now: Date) {
  return new SignJWT({ label: claim } as JWTPayload)
    .setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: LABEL_TYP })
    .setIssuer(issuer)
    .setSubject(claim.registrationNumber)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setNotBefore(Math.floor(new Date(`${claim.validFrom}T00:00:00+09:00`).getTime() / 1000))
    .setExpirationTime(Math.floor(labelExpiry(claim.validUntil).getTime() / 1000))
    .sign(key.privateKey);
}

/** One revoked label in the signed status list. */
export type RevokedEntry = { registrationNumber: string; revokedAt: string; reason: string | null };
export const statusListSchema = z.object({
  iss: z.string(),
  iat: z.number(),
  exp: z.number(),
  revoked: z.array(
    z.object({ registrationNumber: z.string(), revokedAt: z.string(), reason: z.string().nullable() }),
  ),
});
export type StatusList = z.output<typeof statusListSchema>;

/** The status list lives a day: a verifier holding an older one knows it is stale. */
export const STATUS_LIST_LIFETIME_S = 24 * 3600;

export async function signStatusList(
  key: LabelSigningKey,
  issuer: string,
  revoked: RevokedEntry[],
  now: Date,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ revoked } as unknown as JWTPayload)
    .setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: STATUS_LIST_TYP })
    .setIssuer(issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + STATUS_LIST_LIFETIME_S)
    .sign(key.privateKey);
}

/** The outcome of verifying a label: `valid` only when everything checked out. */
export type LabelVerdict =
  | { outcome: "valid"; label: LabelClaim; statusChecked: boolean }
  | { outcome: "expired" | "revoked"; label: LabelClaim | null; reason: string }
  | { outcome: "forged" | "invalid"; reason: string }
  | { outcome: "unchecked"; reason: string };

/** Exit codes of `jcstar label verify`: 0 valid, 1 invalid/forged/expired/revoked, 2 could not check. */
export function verdictExitCode(v: LabelVerdict): 0 | 1 | 2 {
  if (v.outcome === "valid") return 0;
  return v.outcome === "unchecked" ? 2 : 1;
}

function failure(error: unknown): LabelVerdict {
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return { outcome: "forged", reason: "the signature does not match the registry's key" };
  if (error instanceof errors.JWKSNoMatchingKey)
    return { outcome: "forged", reason: "signed with a key the registry never published" };
  if (error instanceof errors.JWKSMultipleMatchingKeys)
    return { outcome: "invalid", reason: "the key set names the signing key twice" };
  const message = error instanceof Error ? error.message : String(error);
  return { outcome: "invalid", reason: `not a label payload: ${message}` };
}

/**
 * Verifies a signed label payload against the registry's key set, its validity dates and, when given,
 * the signed status list. Pure apart from the clock passed in: works offline with downloaded files.
 */
export async function verifyLabelToken(
  jws: string,
  jwks: Jwks,
  options: { now: Date; statusList?: string | null },
): Promise<LabelVerdict> {
  const keys = createLocalJWKSet(jwks);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(jws.trim(), keys, {
      typ: LABEL_TYP,
      algorithms: ["EdDSA"],
      currentDate: options.now,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      const label = labelClaimSchema.safeParse(decodeJwt(jws.trim()).label);
      if (label.success)
        return { outcome: "expired", label: label.data, reason: `expired after ${label.data.validUntil}` };
      return { outcome: "expired", label: null, reason: "expired" };
    }
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === "nbf")
      return { outcome: "invalid", reason: "not valid yet" };
    return failure(error);
  }
  const parsed = labelClaimSchema.safeParse(payload.label);
  if (!parsed.success || payload.sub !== parsed.data.registrationNumber)
    return { outcome: "invalid", reason: "the payload is not a label" };
  const label = parsed.data;
  if (!options.statusList) return { outcome: "valid", label, statusChecked: false };
  let list: StatusList;
  try {
    const verified = await jwtVerify(options.statusList.trim(), keys, {
      typ: STATUS_LIST_TYP,
      algorithms: ["EdDSA"],
      currentDate: options.now,
    });
    list = statusListSchema.parse(verified.payload);
  } catch (error) {
    const why = failure(error).outcome === "forged" ? "forged" : "invalid or expired";
    return { outcome: "unchecked", reason: `the status list is ${why}: revocation could not be checked` };
  }
  if (payload.iss !== list.iss)
    return { outcome: "unchecked", reason: "the status list comes from another registry" };
  const entry = list.revoked.find((r) => r.registrationNumber === label.registrationNumber);
  if (entry)
    return {
      outcome: "revoked",
      label,
      reason: `revoked on ${entry.revokedAt.slice(0, 10)}${entry.reason ? `: ${entry.reason}` : ""}`,
    };
  return { outcome: "valid", label, statusChecked: true };
}
