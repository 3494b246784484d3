import { SIGNATURE_ENTRY, SIGNED_ENTRIES } from "./bundle-signature.ts";
/** The layout of an evidence bundle (証跡バンドル). /2 added signature.json (the bundle's own files, signed). */
export const BUNDLE_FORMAT = "jcstar-evidence-bundle/2";
/** Bundles read (an older one fails verification for want of a signature, with that reason). */
export const BUNDLE_FORMATS_READ: readonly string[] = [BUNDLE_FORMAT, "jcstar-evidence-bundle/1"];

export type BundleEvidence = {
  id: string;
  type: string;
  kind: string | null;
  title: string;
  revision: number;
  supersedesId: string | null;
  createdAt: string;
  createdBy: string | null;
  /** The immutable row as stored; its hash is in the audit entry that recorded it. */
  row: Record<string, unknown>;
  file: { path: string; sha256: string; size: number; mediaType: string; originalName: string | null } | null;
};

export type BundleManifest = {
  format: string;
  createdAt: string;
  createdBy: string | null;
  product: { id: string; name: string; modelNumbers: string[] };
  assessment: { id: string; catalogVersion: string } | null;
  criteria: { criterionId: string; state: string; naReason: string | null; evidenceIds: string[] }[];
  evidence: BundleEvidence[];
  audit: { entries: string; chain: string; checkpoint: string; publicKey: string };
  /** The key signature.json is signed with (informational: verify-bundle checks the key itself). */
  signer?: { keyId: string; fingerprint: string };
};

export const FILE_NAME = /^files\/[0-9a-f]{64}$/;
export const FIXED_NAMES = new Set<string>([...SIGNED_ENTRIES, SIGNATURE_ENTRY]);

/** True for the only names a bundle may contain (no folders, no traversal, no links). */
export function allowedBundleName(name: string): boolean {
  return FIXED_NAMES.has(name) || FILE_NAME.test(name);
}
