import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { ProfileService } from "../profile/schema.ts";

/** One user name and password to try, and where it comes from. */
export interface CredentialPair {
  username: string;
  password: string;
  /** `mirai`, `vendor`, `list` (the profile's own list file), `extra` or `profile-user`. */
  source: string;
}

/** The shipped list (see default-credentials.json for its sources and licences). */
export interface ShippedList {
  compiledFrom: string;
  sources: Array<{ id: string; name: string; url: string; licence: string }>;
  pairs: CredentialPair[];
}

let shipped: ShippedList | null = null;

/** The list shipped with jcstar (read once). */
export function shippedList(): ShippedList {
  if (shipped) return shipped;
  const raw = JSON.parse(readFileSync(new URL("./default-credentials.json", import.meta.url), "utf8")) as {
    compiledFrom: string;
    sources: ShippedList["sources"];
    pairs: Array<[string, string, string]>;
  };
  shipped = {
    compiledFrom: raw.compiledFrom,
    sources: raw.sources,
    pairs: raw.pairs.map(([username, password, source]) => ({ username, password, source })),
  };
  return shipped;
}

/** `user:password` → a pair (the first `:` separates them). */
export function parsePair(line: string, source: string): CredentialPair | null {
  const at = line.indexOf(":");
  if (at <= 0) return null;
  return { username: line.slice(0, at), password: line.slice(at + 1), source };
}

/** A list file: one `user:password` a line; blank lines and lines starting with `#` are skipped. */
export async function readListFile(path: string): Promise<CredentialPair[]> {
  const text = await readFile(path, "utf8");
  const out: CredentialPair[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/^\uFEFF/, "");
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const pair = parsePair(line, "list");
    if (!pair) throw new Error(`${path}:${i + 1}: expected user:password`);
    out.push(pair);
  }
  return out;
}

/** Common guesses for the profile's own account name (blank, same as the name, admin, password …). */
export function profileUserPairs(service: Pick<ProfileService, "auth">): CredentialPair[] {
  const user = service.auth?.username;
  if (!user) return [];
  return ["", user, "admin", "password", "1234", "12345", "123456"].map((password) => ({
    username: user,
    password,
    source: "profile-user",
  }));
}

/**
 * The pairs tried on one service, in order: the profile's `extra` pairs, guesses for the profile's
 * account, then the list (the profile's list file or the shipped one); duplicates removed, at most `max`.
 */
export function pairsFor(
  service: Pick<ProfileService, "auth">,
  list: readonly CredentialPair[],
  extra: readonly string[] = [],
  max?: number,
): CredentialPair[] {
  const all = [
    ...extra.map((e) => parsePair(e, "extra")).filter((p): p is CredentialPair => p !== null),
    ...profileUserPairs(service),
    ...list,
  ];
  const seen = new Set<string>();
  const out: CredentialPair[] = [];
  for (const pair of all) {
    const key = `${pair.username}\u0000${pair.password}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(pair);
  }
  return max === undefined ? out : out.slice(0, max);
}
