import type { CriterionState } from "../assessment/criterion-state.ts";
import type { EvaluationMethod } from "../catalog/criterion.ts";
import type { I18nText } from "../i18n/text.ts";
import type { Connectivity, ProductCategory, Route } from "../product/product.schema.ts";
import type { Blocker } from "../readiness/blocker.ts";

/** Format marker of a snapshot; bump when the shape changes. */
export const SNAPSHOT_FORMAT = "jcstar.assessment-snapshot/1" as const;

/** One evidence reference as the snapshot freezes it (document name/number/version/section, file hash). */
export type SnapshotEvidence = {
  id: string;
  type: "document" | "device_test";
  title: string;
  revision: number;
  document: {
    documentName: string;
    documentNumber: string | null;
    documentVersion: string | null;
    /** Section, page or chapter. */
    location: string | null;
    url: string | null;
  } | null;
  deviceTest: { recordName: string; resultSummary: string; testedOn: string; tester: string } | null;
  file: { sha256: string; size: number; mediaType: string; originalName: string | null } | null;
  /** Probe run verdict (probe:service → PASS/FAIL/…) when the record came from a device test run. */
  deviceTestResult: { key: string; verdict: string } | null;
};

export type SnapshotCriterion = {
  id: string;
  category: string;
  title: I18nText;
  summary: I18nText;
  method: EvaluationMethod;
  state: CriterionState;
  naReason: string | null;
  notes: string | null;
  /** UK PSTI route: deemed met (S1.1-02/05/16). */
  deemedMet: boolean;
  ready: boolean;
  evidence: SnapshotEvidence[];
};

/** One device-test record with the criteria it supports. */
export type DeviceTestSummary = {
  evidenceId: string;
  recordName: string;
  resultSummary: string;
  testedOn: string;
  tester: string;
  testKey: string | null;
  verdict: string | null;
  criteria: string[];
};

/**
 * What a sign-off freezes: everything the self-declaration states about one product, as plain JSON.
 * Built by `buildAssessmentSnapshot`; stored with its SHA-256 (canonical JSON) when an owner signs off.
 */
export type AssessmentSnapshot = {
  format: typeof SNAPSHOT_FORMAT;
  takenAt: string;
  organisation: { id: string; name: string; corporateNumber: string | null };
  product: {
    id: string;
    name: string;
    category: ProductCategory;
    description: string | null;
    connectivity: Connectivity;
    supportEndDate: string | null;
    modelNumbers: string[];
  };
  assessment: { id: string; updatedAt: string };
  catalog: { version: string; level: number; title: I18nText; publishedOn: string };
  route: Route;
  criteria: SnapshotCriterion[];
  deviceTests: DeviceTestSummary[];
  readiness: {
    ready: boolean;
    counts: { total: number; ready: number; blocked: number; deemedMet: number };
    blockers: Blocker[];
  };
};
