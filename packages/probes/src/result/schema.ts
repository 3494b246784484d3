/**
 * The results JSON of `jcstar probe run` (and of the nmap / testssl.sh importers) as one zod schema: the types
 * below are inferred from it, and core checks uploaded results with the same schema (no second copy, no casts).
 */
import { z } from "zod";

/** Every verdict a test unit or test case can carry. */
export const VERDICTS = ["PASS", "FAIL", "INCONCLUSIVE", "NOT_RUN", "ERROR"] as const;

const bilingualSchema = z.object({ ja: z.string().max(10_000), en: z.string().max(10_000) });

const testUnitSchema = z.object({
  id: z.string().max(200),
  verdict: z.enum(VERDICTS),
  detail: bilingualSchema,
});

const probeResultSchema = z.object({
  probe: z.string().min(1).max(100),
  service: z.string().max(100).optional(),
  criteria: z.array(z.string().regex(/^S\d+\.\d+-\d{2}$/)).max(32),
  verdict: z.enum(VERDICTS),
  summary: bilingualSchema,
  findings: z.record(z.string(), z.unknown()),
  units: z.array(testUnitSchema).max(10_000),
  log: z.array(z.record(z.string(), z.unknown())).max(100_000),
  durationMs: z.number().optional(),
});

/** The whole results document of one run, as accepted from outside (uploads, imports, the server's own runs). */
export const runResultSchema = z.object({
  tool: z.literal("jcstar"),
  version: z.string().max(50),
  profile: z.string().min(1).max(300),
  host: z.string().min(1).max(300),
  startedAt: z.string().datetime({ offset: true }),
  finishedAt: z.string().datetime({ offset: true }),
  results: z.array(probeResultSchema).min(1).max(500),
});

export type RunResult = z.infer<typeof runResultSchema>;
export type ProbeResultOf = z.infer<typeof probeResultSchema>;
export type TestUnitOf = z.infer<typeof testUnitSchema>;
