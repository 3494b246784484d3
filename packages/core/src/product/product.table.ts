export interface ProductTable {
  id: string;
  org_id: string;
  name: string;
  category: string;
  description: string | null;
  /** JSON: { interfaces: string[], closedNetwork: boolean, iotSim: string | null, notes: string | null } */
  connectivity: string;
  support_end_date: string | null;
  default_route: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ModelNumberTable {
  id: string;
  org_id: string;
  product_id: string;
  model_number: string;
  note: string | null;
  created_at: string;
}

export interface FirmwareImageTable {
  id: string;
  org_id: string;
  product_id: string;
  name: string;
  description: string | null;
  created_at: string;
}

export interface FirmwareReleaseTable {
  id: string;
  org_id: string;
  product_id: string;
  image_id: string | null;
  version: string;
  released_on: string;
  notes: string | null;
  /** JSON array of strings: the security fixes this release carries (advisory ids or text). */
  security_fixes: string;
  created_at: string;
}

export interface ComponentTable {
  id: string;
  org_id: string;
  product_id: string;
  image_id: string | null;
  release_id: string | null;
  name: string;
  version: string | null;
  oss: number;
  supplier: string | null;
  license: string | null;
  purl: string | null;
  cpe: string | null;
  created_at: string;
  /** From the purl: lower-case ecosystem (npm, pypi, debian, maven, …) and normalised package name. */
  ecosystem: string | null;
  package: string | null;
  bom_ref: string | null;
  /** The SBOM import that brought this component (null when entered by hand). */
  sbom_id: string | null;
  /** The component this one is nested in (from the SBOM's hierarchy), or null at the top level. */
  parent_id: string | null;
}
