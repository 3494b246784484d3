import { SUITE_TABLE } from "./suite-table.ts";

/** Weak cipher categories, as testssl.sh `-s` groups them. */
export const WEAK_CATEGORIES = ["NULL", "anon", "EXPORT", "RC4", "3DES", "LOW", "noFS"] as const;
export type WeakCategory = (typeof WEAK_CATEGORIES)[number];

/** A cipher suite with the weak categories it falls in. */
export interface CipherSuite {
  code: number;
  name: string;
  categories: WeakCategory[];
  /** True for TLS 1.3 suites (they are offered only in TLS 1.3 hellos). */
  tls13: boolean;
}

/** Weak categories of an IANA suite name (empty for a strong suite). */
export function categoriesOf(name: string): WeakCategory[] {
  const out: WeakCategory[] = [];
  if (/_WITH_NULL_/.test(name)) out.push("NULL");
  if (/_anon_/.test(name)) out.push("anon");
  if (/EXPORT/.test(name)) out.push("EXPORT");
  if (/_RC4_/.test(name)) out.push("RC4");
  if (/_3DES_/.test(name)) out.push("3DES");
  if (/_(DES|DES40|RC2|IDEA)_CBC_/.test(name) && !/EXPORT/.test(name)) out.push("LOW");
  const tls13 = !name.includes("_WITH_");
  const forwardSecret = tls13 || /^TLS_(DHE|ECDHE)_/.test(name);
  if (!forwardSecret && !/_anon_/.test(name)) out.push("noFS");
  return out;
}

/** Every suite known to the probe, with categories. */
export const CIPHER_SUITES: readonly CipherSuite[] = SUITE_TABLE.map(([code, name]) => ({
  code,
  name,
  categories: categoriesOf(name),
  tls13: !name.includes("_WITH_"),
}));

const byCode = new Map(CIPHER_SUITES.map((s) => [s.code, s]));

/** The suite with this code, or a placeholder named `0x....` with no categories. */
export function suiteByCode(code: number): CipherSuite {
  return (
    byCode.get(code) ?? {
      code,
      name: `0x${code.toString(16).padStart(4, "0")}`,
      categories: [],
      tls13: false,
    }
  );
}

/** Codes of every TLS ≤1.2 suite, optionally only those in one weak category. */
export function legacySuiteCodes(category?: WeakCategory): number[] {
  return CIPHER_SUITES.filter(
    (s) => !s.tls13 && (category === undefined || s.categories.includes(category)),
  ).map((s) => s.code);
}

/** Codes of the TLS 1.3 suites. */
export function tls13SuiteCodes(): number[] {
  return CIPHER_SUITES.filter((s) => s.tls13).map((s) => s.code);
}
