import type { Selectable } from "kysely";
import type { Route } from "../product/product.schema.ts";
import type { ApplicationPackageTable } from "./package.table.ts";

export const PACKAGE_FORMAT = "jcstar.application-package/1" as const;

/** manifest.json of the package: what it is for, who signed, and every file with its SHA-256 and size. */
export type PackageManifest = {
  format: typeof PACKAGE_FORMAT;
  createdAt: string;
  lang: string;
  organisation: string;
  product: { id: string; name: string; modelNumbers: string[] };
  signoff: { id: string; signerName: string; signerTitle: string; signedAt: string; snapshotSha256: string };
  catalogVersion: string;
  route: Route;
  files: { path: string; mediaType: string; sha256: string; size: number }[];
};

export type ApplicationPackage = {
  id: string;
  productId: string;
  signoffId: string;
  lang: string;
  zipSha256: string;
  size: number;
  fileCount: number;
  createdAt: string;
  createdBy: string | null;
  manifest: PackageManifest;
};

export function toPackage(row: Selectable<ApplicationPackageTable>): ApplicationPackage {
  const manifest = JSON.parse(row.manifest) as PackageManifest;
  return {
    id: row.id,
    productId: row.product_id,
    signoffId: row.signoff_id,
    lang: row.lang,
    zipSha256: row.zip_sha256,
    size: Number(row.size),
    fileCount: manifest.files.length,
    createdAt: row.created_at,
    createdBy: row.created_by,
    manifest,
  };
}
