export interface DeviceProfileTable {
  id: string;
  org_id: string;
  product_id: string;
  name: string;
  /** The profile as written (YAML or JSON); validated with the probes' profile parser. Never holds a password. */
  source: string;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface DeviceRunTable {
  id: string;
  org_id: string;
  product_id: string;
  profile_id: string | null;
  /** server (run by the platform's job queue) | upload (jcstar probe run --upload) | import (probe import --upload) */
  origin: string;
  /** queued | running | done | failed */
  status: string;
  profile_name: string;
  host: string;
  /** Server runs: the profile text as it was when the run was requested. */
  profile_source: string | null;
  /** JSON array of probe names (server runs), null = the default set. */
  probes: string | null;
  job_id: string | null;
  requested_by: string | null;
  requested_by_name: string | null;
  requested_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** JSON { code, message: { ja, en } } when the run failed. */
  error: string | null;
  /** The results JSON in the blob store. */
  results_sha256: string | null;
  /** JSON [{ test, verdict }]. */
  verdicts: string | null;
  /** JSON array of the evidence ids filed for the run. */
  evidence_ids: string | null;
}
