/** Types of the device-test API (profiles, write-only secrets, runs, results JSON). */

export type DeviceProfile = {
  id: string;
  productId: string;
  name: string;
  source: string;
  host: string | null;
  secrets: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type ProfileProblem = {
  line: number;
  column: number;
  key: string;
  message: { ja: string; en: string };
};

export type DeviceSecret = { name: string; updatedAt: string };

export type DeviceRun = {
  id: string;
  productId: string;
  profileId: string | null;
  origin: "server" | "upload" | "import";
  status: "queued" | "running" | "done" | "failed";
  profileName: string;
  host: string;
  probes: string[] | null;
  jobId: string | null;
  requestedBy: string | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { code: string; message: { ja: string; en: string } } | null;
  verdicts: { test: string; verdict: string }[];
  evidenceIds: string[];
  hasResults: boolean;
};

export type Bilingual = { ja: string; en: string };

export type ProbeResult = {
  probe: string;
  service?: string;
  criteria: string[];
  verdict: string;
  summary: Bilingual;
  findings: Record<string, unknown>;
  units: { id: string; verdict: string; detail: Bilingual }[];
  log: Record<string, unknown>[];
};

export type RunResults = {
  profile: string;
  host: string;
  startedAt: string;
  finishedAt: string;
  results: ProbeResult[];
};

export const SERVER_PROBES = ["ports", "tls", "default-credentials", "brute-force"] as const;
export type ServerProbe = (typeof SERVER_PROBES)[number];
