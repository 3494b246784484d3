export interface AssessmentTable {
  id: string;
  org_id: string;
  product_id: string;
  catalog_version: string;
  migrated_from: string | null;
  created_at: string;
  updated_at: string;
}

export interface CriterionResultTable {
  id: string;
  org_id: string;
  assessment_id: string;
  criterion_id: string;
  state: string;
  na_reason: string | null;
  notes: string | null;
  /** 1 when the criterion changed in a newer checklist and the carried-over result must be reviewed. */
  needs_review: number;
  version: number;
  updated_at: string;
  updated_by: string | null;
}
