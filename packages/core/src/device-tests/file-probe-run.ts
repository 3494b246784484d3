import { Readable } from "node:stream";
import { type RunResult, renderTextReport, resultName } from "@jcstar/probes";
import { z } from "zod";
import type { RequestContext } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { evidenceCreateSchema } from "../evidence/evidence.schema.ts";
import { evidenceRow, insertEvidence } from "../evidence/evidence.ts";
import { putBlob } from "../vault/blob-store.ts";
import { linkToCriteria } from "../vault/link-criteria.ts";
import type { VaultDeps } from "../vault/upload.ts";
import { recordFiledRun } from "./device-run-row.ts";
import { checkRunAgainstPlatform } from "./platform-check.ts";

const VERDICTS = ["PASS", "FAIL", "INCONCLUSIVE", "NOT_RUN", "ERROR"] as const;
const bilingual = z.object({ ja: z.string().max(10_000), en: z.string().max(10_000) });

/** The results JSON of `jcstar probe run` (and of the nmap / testssl.sh importers), as accepted from outside. */
export const runResultSchema = z.object({
  tool: z.literal("jcstar"),
  version: z.string().max(50),
  profile: z.string().min(1).max(300),
  host: z.string().min(1).max(300),
  startedAt: z.string().datetime({ offset: true }),
  finishedAt: z.string().datetime({ offset: true }),
  results: z
    .array(
      z.object({
        probe: z.string().min(1).max(100),
        service: z.string().max(100).optional(),
        criteria: z.array(z.string().regex(/^S\d+\.\d+-\d{2}$/)).max(32),
        verdict: z.enum(VERDICTS),
        summary: bilingual,
        findings: z.record(z.string(), z.unknown()),
        units: z
          .array(z.object({ id: z.string().max(200), verdict: z.enum(VERDICTS), detail: bilingual }))
          .max(10_000),
        log: z.array(z.record(z.string(), z.unknown())).max(100_000),
        durationMs: z.number().optional(),
      }),
    )
    .min(1)
    .max(500),
});

async function storeText(deps: VaultDeps, text: string) {
  return putBlob(deps.blobs, Readable.from([Buffer.from(text)]), deps.maxUploadBytes);
}

/**
 * Files a probe run as device-test evidence of a product: the results JSON and a readable report (ja and en)
 * are stored as files; each result becomes a device-test record (record name, result summary, date, tester)
 * linked to its criteria on the product's newest assessment, carrying its verdict — a FAIL that is the latest
 * run of its test blocks readiness. A device-info result is first compared with the product's model numbers
 * and newest firmware release (`checkRunAgainstPlatform`). One transaction: all of the run, or nothing.
 */
export async function fileProbeRun(
  deps: VaultDeps,
  ctx: RequestContext,
  productId: string,
  input: unknown,
  options: { runId?: string } = {},
) {
  const run = await checkRunAgainstPlatform(
    deps,
    ctx,
    productId,
    parseOrThrow(runResultSchema, input) as RunResult,
  );
  const json = await storeText(deps, `${JSON.stringify(run, null, 2)}\n`);
  const reports = {
    ja: await storeText(deps, renderTextReport(run, "ja")),
    en: await storeText(deps, renderTextReport(run, "en")),
  };
  const now = deps.now();
  const testedOn = run.startedAt.slice(0, 10);
  return deps.db.transaction().execute(async (trx) => {
    const product = await trx
      .selectFrom("products")
      .select("id")
      .where("id", "=", productId)
      .where("org_id", "=", ctx.orgId)
      .executeTakeFirst();
    if (!product)
      throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "製品" : "Product", id: productId });
    for (const blob of [json, reports.ja, reports.en]) {
      await trx
        .insertInto("blobs")
        .values({
          sha256: blob.sha256,
          size: blob.size,
          media_type: blob.mediaType,
          created_at: now.toISOString(),
        })
        .onConflict((oc) => oc.column("sha256").doNothing())
        .execute();
    }
    const evidenceIds: string[] = [];
    const allCriteria = [...new Set(run.results.flatMap((r) => r.criteria))];
    for (const lang of ["ja", "en"] as const) {
      const data = parseOrThrow(evidenceCreateSchema, {
        type: "device_test",
        title: `${run.profile} — ${lang === "ja" ? "実機テスト報告書" : "device test report"} (${run.startedAt})`,
        recordName: `jcstar-probe-report-${lang}.txt`,
        resultSummary: run.results
          .map((r) => `${resultName(r)}: ${r.verdict}`)
          .join(", ")
          .slice(0, 5000),
        testedOn,
        tester: ctx.actor.name,
      });
      const row = await evidenceRow(trx, ctx, data, now, {
        file: {
          kind: "log",
          summary: null,
          blobSha256: reports[lang].sha256,
          originalName: `probe-report-${lang}.txt`,
        },
      });
      await insertEvidence(trx, ctx, row, "evidence.created", now);
      await linkToCriteria(trx, deps, ctx, productId, allCriteria, row.id);
      evidenceIds.push(row.id);
    }
    for (const result of run.results) {
      const name = resultName(result);
      const data = parseOrThrow(evidenceCreateSchema, {
        type: "device_test",
        title: `${name} — ${result.verdict}`,
        recordName: `${run.profile}: ${name} (${run.startedAt})`.slice(0, 300),
        resultSummary: `${result.verdict}: ${result.summary[ctx.lang]}`.slice(0, 5000),
        testedOn,
        tester: ctx.actor.name,
      });
      const row = await evidenceRow(trx, ctx, data, now, {
        file: {
          kind: "probe-result",
          summary: result.summary[ctx.lang].slice(0, 5000),
          blobSha256: json.sha256,
          originalName: "probe-results.json",
        },
        test: {
          key: result.service ? `${result.probe}:${result.service}` : result.probe,
          verdict: result.verdict,
        },
      });
      await insertEvidence(trx, ctx, row, "evidence.created", now);
      await linkToCriteria(trx, deps, ctx, productId, result.criteria, row.id);
      evidenceIds.push(row.id);
    }
    const verdicts = run.results.map((r) => ({ test: resultName(r), verdict: r.verdict }));
    const runId = await recordFiledRun(trx, ctx, productId, run, options.runId, {
      resultsSha256: json.sha256,
      verdicts,
      evidenceIds,
      now,
    });
    return { runId, evidenceIds, results: run.results.length, verdicts };
  });
}
