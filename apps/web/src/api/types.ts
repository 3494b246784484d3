/** Shapes of the jcstar JSON API (see GET /api/openapi.json); the migrated ones come from schema.gen.ts. */

import type { Schemas } from "./client.ts";

export type I18nText = { ja: string; en: string };
export type Lang = "ja" | "en";

export const PRODUCT_CATEGORIES = ["camera", "router", "home-appliance", "sensor", "other"] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];
export const ROUTES = ["standard", "psti"] as const;
export type Route = (typeof ROUTES)[number];
export const INTERFACES = [
  "ethernet",
  "wifi",
  "cellular-lpwa",
  "cellular",
  "ble",
  "zigbee",
  "usb",
  "other",
] as const;
export type Interface = (typeof INTERFACES)[number];
export const CRITERION_STATES = ["conformant", "not_applicable", "non_conformant", "not_assessed"] as const;
export type CriterionState = (typeof CRITERION_STATES)[number];
export type Method = "document" | "device" | "both";
export const ORG_ROLES = ["viewer", "editor", "owner"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export type InstanceRole = "none" | "operator" | "admin";

export type Connectivity = Schemas["Product"]["connectivity"];

export type Product = Schemas["Product"];

export type ModelNumber = Schemas["ModelNumber"];

export type FirmwareRelease = {
  id: string;
  productId: string;
  version: string;
  releasedOn: string;
  notes: string | null;
  securityFixes: string[];
};

export type EvidenceField = { field: string; required: boolean; label: I18nText };

export type Criterion = {
  id: string;
  catalogVersion: string;
  category: string;
  categoryName: I18nText;
  title: I18nText;
  summary: I18nText;
  method: Method;
  notApplicableWhen: I18nText | null;
  evidence: { document?: EvidenceField[]; device?: EvidenceField[]; hints?: I18nText };
};

export type Evidence = {
  id: string;
  type: "document" | "device_test";
  title: string;
  document: {
    documentName: string;
    documentNumber: string | null;
    documentVersion: string | null;
    location: string | null;
    url: string | null;
  } | null;
  deviceTest: { recordName: string; resultSummary: string; testedOn: string; tester: string } | null;
  notes: string | null;
  createdAt: string;
  /** Vault fields (evidence files and revisions); absent on servers before the vault. */
  kind?: FileKind | null;
  summary?: string | null;
  file?: EvidenceFile | null;
  revision?: number;
  supersedesId?: string | null;
  retentionUntil?: string | null;
  deletedAt?: string | null;
  verification?: { ok: boolean; problem: string | null; checkedAt: string } | null;
  createdBy?: string | null;
  /** Imported from a bundle: the original author and time as the bundle claims them (quoted, unverified). */
  claim?: { by: string | null; at: string | null; source: string } | null;
  /** Device tests filed from a probe run or a guided test: which test and its verdict. */
  deviceTestResult?: { key: string; verdict: string } | null;
};

/** A guided manual test of one criterion (GET /api/guides; the same data `jcstar probe guide` walks). */
export type Guide = {
  criterion: string;
  title: I18nText;
  intro: I18nText;
  steps: { id: string; instruction: I18nText; evidence?: I18nText }[];
};

export const FILE_KINDS = [
  "photo",
  "video",
  "screenshot",
  "log",
  "document",
  "probe-result",
  "other",
] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export type EvidenceFile = { sha256: string; size: number; mediaType: string; originalName: string | null };

export type VerifyProblem = { code: string; ref: string; detail: string };
export type VerifyReport = {
  ok: boolean;
  entries: number;
  evidence: number;
  files: number;
  checkpoints: number;
  problems: VerifyProblem[];
};

export type CriterionResult = {
  id: string;
  criterionId: string;
  state: CriterionState;
  naReason: string | null;
  notes: string | null;
  needsReview: boolean;
  version: number;
  updatedAt: string;
  evidence: Evidence[];
};

export type Blocker = { code: string; criterionId: string; message: I18nText };

export type ReadinessCriterion = {
  criterionId: string;
  title: I18nText;
  method: Method;
  state: CriterionState;
  deemedMet: boolean;
  ready: boolean;
  blockers: Blocker[];
};

export type Readiness = {
  ready: boolean;
  catalogVersion: string;
  route: Route;
  counts: { total: number; ready: number; blocked: number; deemedMet: number };
  criteria: ReadinessCriterion[];
  blockers: Blocker[];
};

export type AssessmentSummary = {
  id: string;
  productId: string;
  catalogVersion: string;
  migratedFrom: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Assessment = AssessmentSummary & {
  route: Route;
  results: CriterionResult[];
  readiness: Readiness;
};

export type User = {
  id: string;
  email: string;
  name: string;
  instanceRole: InstanceRole;
  totpEnabled: boolean;
};
export type Membership = { orgId: string; orgName: string; role: OrgRole };
export type Me = {
  user: User;
  memberships: Membership[];
  orgId: string | null;
  csrfToken: string;
  totpSetupRequired: boolean;
};

export type ApiToken = {
  id: string;
  name: string;
  scope: "read" | "write";
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt?: string | null;
};

export type Member = { userId: string; email: string; name: string; role: OrgRole };

export type AdminUser = User & { createdAt?: string; memberships?: Membership[] };
