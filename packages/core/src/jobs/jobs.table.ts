/** queued → running → done | failed (a failed attempt with attempts left goes back to queued). */
export type JobStatus = "queued" | "running" | "done" | "failed";

export interface JobTable {
  id: string;
  kind: string;
  /** The organisation the job works for, or null for instance-wide jobs. */
  org_id: string | null;
  /** JSON. Never secrets: handlers read those from the secret store. */
  payload: string;
  status: JobStatus;
  /** At most one job per key, ever: enqueueing a key again returns the first job. */
  dedupe_key: string | null;
  /** Not claimed before this time (ISO-8601). */
  run_at: string;
  attempts: number;
  max_attempts: number;
  /** The worker holding the lease and until when; an expired lease may be taken over. */
  locked_by: string | null;
  locked_until: string | null;
  /** JSON result of a finished job. */
  result: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}
