import { existsSync, readFileSync } from "node:fs";
import {
  type BundleReport,
  createDb,
  keyFingerprint,
  loadConfig,
  loadInstanceKey,
  loadSigner,
  migrateToLatest,
  parsePublicKeys,
  verifyBundleFile,
} from "@jcstar/core";

/** Exit codes of `verify-bundle`: 0 intact and signed by a trusted key, 1 damaged or forged, 2 origin unverified. */
export const EXIT = { ok: 0, bad: 1, unverified: 2 } as const;

type Trusted = { source: string; fingerprints: Set<string> };

/** The keys of `--trust-key FILE|URL` (PEM, JWK/JWKS, raw, or what `/api/audit/public-key` serves). */
async function trustedFromKey(source: string): Promise<Trusted> {
  let bytes: Buffer;
  if (/^https?:\/\//i.test(source)) {
    // The URL itself is the trust anchor: no redirect to somewhere else.
    const res = await fetch(source, { redirect: "error", headers: { accept: "application/json" } });
    if (!res.ok) throw new Error(`${source}: HTTP ${res.status}`);
    bytes = Buffer.from(await res.arrayBuffer());
  } else bytes = readFileSync(source);
  return { source, fingerprints: new Set(parsePublicKeys(bytes).map((k) => keyFingerprint(k))) };
}

/** The audit keys of the instance in `--data DIR` (every key it signed with). */
async function trustedFromInstance(dataDir: string): Promise<Trusted> {
  if (!existsSync(dataDir)) throw new Error(`no jcstar data folder at ${dataDir}`);
  const config = loadConfig(process.env, { dataDir });
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    await loadSigner(handle.db, loadInstanceKey(config.dataDir), config.dataDir, new Date());
    const rows = await handle.db.selectFrom("audit_keys").select("fingerprint").execute();
    return { source: `the instance in ${dataDir}`, fingerprints: new Set(rows.map((r) => r.fingerprint)) };
  } finally {
    await handle.close();
  }
}

function verdict(report: BundleReport, trusted: Trusted | null): { code: number; lines: string[] } {
  const lines = report.problems.map((p) => `NG ${p}`);
  const fp = report.fingerprint ?? "-";
  lines.push(`signing key / 署名鍵: SHA-256 ${fp}`);
  if (!report.ok)
    return { code: EXIT.bad, lines: [...lines, "NG: the bundle is damaged or altered / 改ざん・破損あり"] };
  if (!trusted)
    return {
      code: EXIT.unverified,
      lines: [
        ...lines,
        "UNVERIFIED: unverified origin — the hashes match, but no trusted key was given (--trust-key FILE|URL or --data DIR) / 発行元を確認できません（ハッシュは一致しますが、信頼する鍵が指定されていません）",
      ],
    };
  if (!report.fingerprint || !trusted.fingerprints.has(report.fingerprint))
    return {
      code: EXIT.bad,
      lines: [
        ...lines,
        `NG: forged — signed by a key other than the trusted one (${trusted.source}: ${[...trusted.fingerprints].join(", ") || "none"}) / 偽造の疑い: 信頼する鍵と異なる鍵で署名されています`,
      ],
    };
  return {
    code: EXIT.ok,
    lines: [
      ...lines,
      `OK: ${report.files} file(s), ${report.entries} audit entries, checkpoint #${report.checkpointSeq}, signed by the trusted key of ${trusted.source} / 信頼する鍵で署名されています`,
    ],
  };
}

/** `jcstar evidence verify-bundle ZIP [--trust-key FILE|URL] [--data DIR]`. */
export async function verifyBundleAction(zip: string, opts: { trustKey?: string; data?: string }) {
  let trusted: Trusted | null = null;
  try {
    if (opts.trustKey) trusted = await trustedFromKey(opts.trustKey);
    else if (opts.data) trusted = await trustedFromInstance(opts.data);
  } catch (error) {
    console.error(`NG: cannot read the trusted key: ${(error as Error).message} / 信頼する鍵を読めません`);
    process.exitCode = EXIT.unverified;
    return;
  }
  const { code, lines } = verdict(await verifyBundleFile(zip), trusted);
  for (const line of lines) console.log(line);
  process.exitCode = code;
}
