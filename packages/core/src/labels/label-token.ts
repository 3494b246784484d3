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

/**
 * Exit codes of `jcstar label verify`: 0 valid, 1 invalid/forged/expired/revoked, 2 could not check. A genuine
 * signature whose revocation was not checked against a signed status list is 2: it may have been revoked.
 */
export function verdictExitCode(v: LabelVerdict): 0 | 1 | 2 {
  if (v.outcome === "valid") return v.statusChecked ? 0 : 2;
  return v.outcome === "unchecked" ? 2 : 1;
}

/** A registry's base URL as labels name it (`iss`): origin and path, no trailing slash. Throws when not http(s). */
export function registryBaseOf(url: string): string {
  const u = new URL(url);
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new TypeError(`not an http(s) URL: ${url}`);
  return `${u.origin}${u.pathname}`.replace(/\/+$/, "");
}

function sameBase(a: string, b: string): boolean {
  try {
    return registryBaseOf(a) === registryBaseOf(b);
  } catch {
    return false;
  }
}

/**
 * The issuer checks of a verified payload: `iss` is the trusted registry (when one is named), and the label's
 * URL (its QR code) points into that same registry.
 */
function issuerProblem(
  payload: JWTPayload,
  label: LabelClaim,
  issuer: string | undefined,
): LabelVerdict | null {
  const iss = typeof payload.iss === "string" ? payload.iss : "";
  if (issuer !== undefined && !sameBase(iss, issuer))
    return {
      outcome: "forged",
      reason: `issued by ${iss || "(no issuer)"}, not by the trusted registry ${issuer}`,
    };
  let inside = false;
  try {
    inside = label.url.startsWith(`${registryBaseOf(iss)}/`);
  } catch {
    inside = false;
  }
  if (!inside)
    return { outcome: "forged", reason: `the label's URL ${label.url} is not in its issuer's registry` };
  return null;
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
 * Verifies a signed label payload against the registry's key set, its validity dates, its issuer (`issuer`: the
 * trusted registry; the label's URL must be inside its `iss`) and, when given, the signed status list of the same
 * issuer. Pure apart from the clock passed in: works offline with downloaded files. Without a status list a
 * genuine label is `valid` with `statusChecked: false` — exit code 2, not 0.
 */
export async function verifyLabelToken(
  jws: string,
  jwks: Jwks,
  options: { now: Date; statusList?: string | null; issuer?: string },
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
  const problem = issuerProblem(payload, label, options.issuer);
  if (problem) return problem;
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
