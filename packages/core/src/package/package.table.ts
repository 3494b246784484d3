export interface ApplicationPackageTable {
  id: string;
  org_id: string;
  product_id: string;
  signoff_id: string;
  lang: string;
  zip_sha256: string;
  size: number | string;
  /** JSON: PackageManifest */
  manifest: string;
  created_at: string;
  created_by: string | null;
}
