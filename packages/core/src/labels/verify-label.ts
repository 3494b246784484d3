import { readFileSync } from "node:fs";
import { decodeJwt } from "jose";
import type { Jwks } from "./label-keys.ts";
import { type LabelVerdict, registryBaseOf, verifyLabelToken } from "./label-token.ts";

/** Same-origin redirects followed at most; a body read at most (a status list of many revocations fits). */
const MAX_REDIRECTS = 5;
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

/** Stops a verification with a verdict before (or instead of) the signature check. */
class Stop extends Error {
  constructor(
    readonly outcome: "unchecked" | "forged" | "invalid",
    message: string,
  ) {
    super(message);
  }
}

export type VerifyLabelOptions = {
  now: Date;
  /** The trusted registry (base URL). Default: the registry the URL given names; for a file, the label's `iss`. */
  issuer?: string;
  /** Key set: a file, or a URL on the issuer's origin. Default online: `{iss}/.well-known/jwks.json`. */
  jwks?: string;
  /** Signed status list: a file, or a URL on the issuer's origin. Default online: `{iss}/api/registry/status-list`. */
  status?: string;
};

async function boundedText(res: Response, what: string): Promise<string> {
  if (!res.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new Stop("unchecked", `${what}: more than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * GET on one origin only: redirects are followed by hand (`redirect: "manual"`), at most MAX_REDIRECTS, and only
 * when they stay on the origin of `url`. A redirect to another origin is refused with `refused` as the outcome.
 */
export async function fetchSameOrigin(
  url: string,
  what: string,
  refused: "forged" | "unchecked",
): Promise<{ status: number; text: string }> {
  let current = new URL(url);
  const origin = current.origin;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let res: Response;
    try {
      res = await fetch(current, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new Stop(
        "unchecked",
        `${what}: ${current}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const location = res.headers.get("location");
    if (res.status < 300 || res.status > 399 || !location)
      return { status: res.status, text: await boundedText(res, what) };
    await res.body?.cancel();
    const next = new URL(location, current);
    if (next.origin !== origin)
      throw new Stop(refused, `${what}: ${current} redirects to another origin (${next.origin}): refused`);
    current = next;
  }
  throw new Stop("unchecked", `${what}: more than ${MAX_REDIRECTS} redirects from ${url}`);
}

/** A file, or an http(s) URL that must be on the issuer's origin (JWKS and status lists come from there only). */
async function readSource(source: string, iss: string, what: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const origin = new URL(iss).origin;
    if (new URL(source).origin !== origin)
      throw new Stop("unchecked", `${what}: ${source} is not on the issuer's origin ${origin}: refused`);
    const { status, text } = await fetchSameOrigin(source, what, "unchecked");
    if (status !== 200) throw new Stop("unchecked", `${what}: ${source} answered HTTP ${status}`);
    return text;
  }
  return readLocal(source, what);
}

function readLocal(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Stop("unchecked", `${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The registry base and registration number of a registry URL: {base}/registry/{n}, {base}/api/registry/labels/{n}[/payload]. */
export function registryUrlParts(url: URL): { base: string; registrationNumber: string } | null {
  const m = /^(.*?)\/(?:registry|api\/registry\/labels)\/([^/]+)(?:\/payload)?\/?$/.exec(url.pathname);
  if (!m?.[2]) return null;
  return { base: `${url.origin}${m[1] ?? ""}`, registrationNumber: decodeURIComponent(m[2]) };
}

/** The registry a payload names (`iss`), before any signature check: it says where the keys must come from. */
function issuerOf(jws: string): string {
  try {
    const iss = decodeJwt(jws.trim()).iss;
    if (typeof iss === "string") return registryBaseOf(iss);
  } catch {
    // falls through
  }
  throw new Stop("invalid", "not a label payload: it names no registry (iss)");
}

function trustedBase(issuer: string): string {
  try {
    return registryBaseOf(issuer);
  } catch {
    throw new Stop("unchecked", `--issuer: not an http(s) URL: ${issuer}`);
  }
}

async function check(
  jws: string,
  iss: string,
  opts: VerifyLabelOptions,
  defaults: { jwks?: string; status?: string },
): Promise<LabelVerdict> {
  const jwksSource = opts.jwks ?? defaults.jwks;
  if (!jwksSource) throw new Stop("unchecked", "offline: give the registry's key set with --jwks FILE");
  const jwks = JSON.parse(await readSource(jwksSource, iss, "key set")) as Jwks;
  const statusSource = opts.status ?? defaults.status;
  const statusList = statusSource ? await readSource(statusSource, iss, "status list") : null;
  return verifyLabelToken(jws, jwks, { now: opts.now, statusList, issuer: opts.issuer ?? iss });
}

async function online(target: string, opts: VerifyLabelOptions): Promise<LabelVerdict> {
  const parts = registryUrlParts(new URL(target));
  if (!parts) throw new Stop("unchecked", `not a registry URL (…/registry/{registrationNumber}): ${target}`);
  const { base, registrationNumber: number } = parts;
  const trusted = trustedBase(opts.issuer ?? base);
  const payloadUrl = `${base}/api/registry/labels/${encodeURIComponent(number)}/payload`;
  const payload = await fetchSameOrigin(payloadUrl, "label payload", "forged");
  if (payload.status === 404)
    return { outcome: "invalid", reason: `${number} is not in the registry at ${base}` };
  if (payload.status !== 200)
    throw new Stop("unchecked", `label payload: ${payloadUrl} answered HTTP ${payload.status}`);
  const iss = issuerOf(payload.text);
  if (iss !== base)
    throw new Stop(
      "forged",
      `served by ${base} but issued by ${iss}: a label is genuine only from its own registry`,
    );
  if (iss !== trusted) throw new Stop("forged", `issued by ${iss}, not by the trusted registry ${trusted}`);
  return check(
    payload.text,
    iss,
    { ...opts, issuer: trusted },
    {
      jwks: `${iss}/.well-known/jwks.json`,
      status: `${iss}/api/registry/status-list`,
    },
  );
}

async function offline(file: string, opts: VerifyLabelOptions): Promise<LabelVerdict> {
  const jws = readLocal(file, "label payload");
  const iss = issuerOf(jws);
  const trusted = opts.issuer ? trustedBase(opts.issuer) : iss;
  if (iss !== trusted) throw new Stop("forged", `issued by ${iss}, not by the trusted registry ${trusted}`);
  return check(jws, iss, { ...opts, issuer: trusted }, {});
}

/**
 * `jcstar label verify`: a registry URL (online) or a payload file (offline, `jwks` required). The label's `iss`
 * must be the trusted registry; keys and status list come from the `iss` origin only (or from files given); a
 * payload served by another registry than its issuer is forged. Exit code: `verdictExitCode`.
 */
export async function verifyLabel(target: string, opts: VerifyLabelOptions): Promise<LabelVerdict> {
  try {
    return /^https?:\/\//i.test(target) ? await online(target, opts) : await offline(target, opts);
  } catch (error) {
    if (error instanceof Stop) return { outcome: error.outcome, reason: error.message } as LabelVerdict;
    if (error instanceof SyntaxError) return { outcome: "unchecked", reason: `not JSON: ${error.message}` };
    throw error;
  }
}
