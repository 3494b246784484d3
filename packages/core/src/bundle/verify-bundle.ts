import { createHash } from "node:crypto";
import { type AuditEntry, entryHash, GENESIS_HASH } from "../audit/audit-log.ts";
import { type Checkpoint, keyIdOfPublicKey, verifyCheckpoint } from "../audit/checkpoints.ts";
import { keyFingerprint } from "../audit/public-key.ts";
import { evidenceRowHash } from "../evidence/row-hash.ts";
import { allowedBundleName, BUNDLE_FORMATS_READ, type BundleManifest } from "./bundle-format.ts";
import { checkBundleSignature } from "./bundle-signature.ts";
import { BUNDLE_LIMITS, checkZipStructure, eachZipEntry, readAll, type ZipLimits } from "./zip-read.ts";

export type BundleReport = {
  ok: boolean;
  problems: string[];
  files: number;
  entries: number;
  checkpointSeq: number | null;
  keyId: string | null;
  /** SHA-256 of the raw Ed25519 key the bundle is signed with, hex. Whether to trust it is the caller's call. */
  fingerprint: string | null;
  manifest: BundleManifest | null;
};

const MAX_META = 256 * 1024 * 1024;

/**
 * Verifies an evidence bundle offline: archive structure (no traversal, links or bombs), every file's SHA-256
 * and size, every evidence row against the hash in its audit entry, every audit entry against its hash and the
 * chain, the chain head against the Ed25519-signed checkpoint, and the bundle's own files against signature.json.
 * Lists every problem; ok only with none. `ok` says the bundle is intact and self-consistent, NOT who made it:
 * compare `fingerprint` with a key you trust (see `bundleOrigin`).
 */
export async function verifyBundleFile(
  path: string,
  limits: ZipLimits = BUNDLE_LIMITS,
): Promise<BundleReport> {
  const problems: string[] = [];
  const report: BundleReport = {
    ok: false,
    problems,
    files: 0,
    entries: 0,
    checkpointSeq: null,
    keyId: null,
    fingerprint: null,
    manifest: null,
  };
  try {
    await checkZipStructure(path, limits, problems, allowedBundleName);
  } catch (error) {
    problems.push(`not a readable ZIP: ${(error as Error).message}`);
    return report;
  }
  if (problems.length > 0) return report;

  const meta = new Map<string, Buffer>();
  const fileHashes = new Map<string, { sha256: string; size: number }>();
  try {
    await eachZipEntry(
      path,
      (name) => allowedBundleName(name),
      async (name, stream) => {
        if (name.startsWith("files/")) {
          const hash = createHash("sha256");
          let size = 0;
          for await (const chunk of stream) {
            hash.update(chunk as Buffer);
            size += (chunk as Buffer).length;
          }
          fileHashes.set(name, { sha256: hash.digest("hex"), size });
        } else meta.set(name, await readAll(stream, MAX_META));
      },
    );
  } catch (error) {
    problems.push(`cannot read the archive: ${(error as Error).message}`);
    return report;
  }

  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(meta.get("manifest.json")?.toString("utf8") ?? "") as BundleManifest;
    if (!BUNDLE_FORMATS_READ.includes(manifest.format) || !Array.isArray(manifest.evidence))
      throw new Error("unknown format");
  } catch (error) {
    problems.push(`manifest.json missing or invalid: ${(error as Error).message}`);
    return report;
  }
  report.manifest = manifest;

  // Files.
  for (const e of manifest.evidence) {
    if (!e.file) continue;
    const got = fileHashes.get(e.file.path);
    if (!got) problems.push(`file of ${e.id} is missing: ${e.file.path}`);
    else if (got.sha256 !== e.file.sha256 || `files/${got.sha256}` !== e.file.path)
      problems.push(`file of ${e.id} does not match its SHA-256`);
    else if (got.size !== e.file.size)
      problems.push(`file of ${e.id} has ${got.size} bytes, the manifest says ${e.file.size}`);
  }
  for (const name of fileHashes.keys()) {
    if (!manifest.evidence.some((e) => e.file?.path === name))
      problems.push(`file not listed in the manifest: ${name}`);
  }
  report.files = fileHashes.size;

  // Audit chain and entries.
  const parseLines = <T>(name: string): T[] =>
    (meta.get(name)?.toString("utf8") ?? "")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as T);
  let chain: { seq: number; prevHash: string; hash: string }[] = [];
  let auditEntries: AuditEntry[] = [];
  try {
    chain = parseLines("audit/chain.jsonl");
    auditEntries = parseLines("audit/entries.jsonl");
  } catch {
    problems.push("audit files are not valid JSON lines");
    return report;
  }
  let prev = GENESIS_HASH;
  chain.forEach((link, i) => {
    if (link.seq !== i + 1) problems.push(`audit chain has a gap at ${i + 1}`);
    if (link.prevHash !== prev) problems.push(`audit chain broken at ${link.seq}`);
    prev = link.hash;
  });
  const chainBySeq = new Map(chain.map((c) => [c.seq, c]));
  for (const entry of auditEntries) {
    if (entryHash(entry.prevHash, entry) !== entry.hash)
      problems.push(`audit entry ${entry.seq} was altered`);
    if (chainBySeq.get(entry.seq)?.hash !== entry.hash)
      problems.push(`audit entry ${entry.seq} is not in the chain`);
  }
  report.entries = auditEntries.length;

  // Evidence rows against their recorded hashes.
  const recorded = new Map<string, string>();
  for (const entry of auditEntries) {
    const rowHash = (entry.data as { rowHash?: string }).rowHash;
    if (entry.entityType === "evidence" && rowHash) recorded.set(entry.entityId, rowHash);
  }
  for (const e of manifest.evidence) {
    const expected = recorded.get(e.id);
    if (!expected) problems.push(`evidence ${e.id} has no audit entry in the bundle`);
    else if (evidenceRowHash(e.row) !== expected)
      problems.push(`evidence ${e.id} differs from what was recorded`);
  }

  // Signed checkpoint.
  try {
    const signed = JSON.parse(meta.get("audit/checkpoint.json")?.toString("utf8") ?? "") as Checkpoint;
    const pem = meta.get("audit/public-key.pem")?.toString("utf8") ?? "";
    report.checkpointSeq = signed.seq;
    report.keyId = pem ? keyIdOfPublicKey(pem) : null;
    report.fingerprint = pem ? keyFingerprint(pem) : null;
    checkBundleSignature(meta, pem, problems);
    if (!verifyCheckpoint(signed, pem)) problems.push("the audit checkpoint signature does not verify");
    if (chainBySeq.get(signed.seq)?.hash !== signed.hash)
      problems.push("the audit chain does not end at the signed checkpoint");
    if (chain.length !== signed.seq)
      problems.push(`the chain has ${chain.length} entries, the checkpoint covers ${signed.seq}`);
  } catch {
    problems.push("audit/checkpoint.json missing or invalid");
  }
  report.ok = problems.length === 0;
  return report;
}
