import { Readable } from "node:stream";
import { type RunResult, renderTextReport, resultName, runResultSchema } from "@jcstar/probes";
import type { RequestContext } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { evidenceCreateSchema } from "../evidence/evidence.schema.ts";
import { evidenceRow, insertEvidence } from "../evidence/evidence.ts";
import { bothLangs } from "../i18n/text.ts";
import { putBlob } from "../vault/blob-store.ts";
import { linkToCriteria } from "../vault/link-criteria.ts";
import type { VaultDeps } from "../vault/upload.ts";
import { recordFiledRun } from "./device-run-row.ts";
import { checkRunAgainstPlatform } from "./platform-check.ts";
import { type RawPart, readRunBody } from "./run-body.ts";

/** A server-side run to complete (`runId`), or where an upload comes from (`web`: a browser session). */
type FileOptions = { runId?: string; origin?: "web" };

/** The results JSON of `jcstar probe run` (and of the importers): the probes' one schema, re-exported. */
export { runResultSchema };

async function storeText(deps: VaultDeps, text: string) {
  return putBlob(deps.blobs, Readable.from([Buffer.from(text)]), deps.maxUploadBytes);
}

/** A device-info result's findings are read (the platform compares them); a real one is a few hundred bytes. */
const MAX_DEVICE_INFO_FINDINGS = 1024 * 1024;
const marker = (n: number) => `\u0000RAW${n}\u0000`;

/**
 * The results JSON as stored: the run, pretty-printed, with each raw log/findings spliced in as the bytes the client
 * sent (already checked by readRunBody) — streamed to the blob store, never copied into one string.
 */
async function storeRunJson(deps: VaultDeps, run: RunResult, raws: readonly RawPart[], body: Buffer | null) {
  if (!body || raws.length === 0) return storeText(deps, `${JSON.stringify(run, null, 2)}\n`);
  // U+0000 cannot occur in an accepted run, so a string holding it marks where a raw part goes.
  const results = run.results.map((r, index) => {
    const copy: Record<string, unknown> = { ...r };
    raws.forEach((raw, n) => {
      if (raw.result === index) copy[raw.key] = marker(n);
    });
    return copy;
  });
  const pieces = `${JSON.stringify({ ...run, results }, null, 2)}\n`.split(/"\\u0000RAW(\d+)\\u0000"/);
  function* chunks() {
    for (let k = 0; k < pieces.length; k++) {
      if (k % 2 === 0) yield Buffer.from(pieces[k] ?? "");
      else {
        const slice = raws[Number(pieces[k])]?.slice;
        if (slice) yield body?.subarray(slice.start, slice.end) ?? Buffer.alloc(0);
      }
    }
  }
  return putBlob(deps.blobs, Readable.from(chunks()), deps.maxUploadBytes);
}

/** Reads the findings of device-info results out of their raw slices (the platform check needs them). */
function readDeviceInfoFindings(run: RunResult, raws: RawPart[], body: Buffer): RawPart[] {
  return raws.filter((raw) => {
    const result = run.results[raw.result];
    if (raw.key !== "findings" || result?.probe !== "device-info") return true;
    const { start, end } = raw.slice;
    if (end - start > MAX_DEVICE_INFO_FINDINGS) {
      throw new AppError("VALIDATION_FAILED", {}, [
        {
          path: `results.${raw.result}.findings`,
          message: {
            ja: `device-info の findings が大きすぎます（上限 ${MAX_DEVICE_INFO_FINDINGS} バイト）。`,
            en: `device-info findings are too large (limit ${MAX_DEVICE_INFO_FINDINGS} bytes).`,
          },
        },
      ]);
    }
    result.findings = JSON.parse(body.toString("utf8", start, end)) as Record<string, unknown>;
    return false;
  });
}

/**
 * Files a probe run from its raw request body (up to 64 MiB): read by readRunBody, so that the logs and findings
 * stay bytes of `body` from the request to the stored results JSON — the memory a run costs is about its body.
 * Otherwise exactly fileProbeRun.
 */
export async function fileProbeRunBody(
  deps: VaultDeps,
  ctx: RequestContext,
  productId: string,
  body: Buffer,
  options: FileOptions = {},
) {
  const { value, raws } = readRunBody(body);
  const light = parseOrThrow(runResultSchema, value);
  const kept = readDeviceInfoFindings(light, raws, body);
  return fileRun(deps, ctx, productId, light, { raws: kept, body }, options);
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
  options: FileOptions = {},
) {
  const run = parseOrThrow(runResultSchema, input);
  return fileRun(deps, ctx, productId, run, { raws: [], body: null }, options);
}

async function fileRun(
  deps: VaultDeps,
  ctx: RequestContext,
  productId: string,
  parsed: RunResult,
  raw: { raws: RawPart[]; body: Buffer | null },
  options: FileOptions,
) {
  const run = await checkRunAgainstPlatform(deps, ctx, productId, parsed);
  const json = await storeRunJson(deps, run, raw.raws, raw.body);
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
    const reportTitle = {
      ja: `${run.profile} — 実機テスト報告書 (${run.startedAt})`,
      en: `${run.profile} — device test report (${run.startedAt})`,
    };
    for (const lang of ["ja", "en"] as const) {
      const data = parseOrThrow(evidenceCreateSchema, {
        type: "device_test",
        title: reportTitle[lang],
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
        texts: { title: reportTitle },
      });
      await insertEvidence(trx, ctx, row, "evidence.created", now);
      await linkToCriteria(trx, deps, ctx, productId, allCriteria, row.id);
      evidenceIds.push(row.id);
    }
    for (const result of run.results) {
      const name = resultName(result);
      const resultSummary = bothLangs((lang) => `${result.verdict}: ${result.summary[lang]}`.slice(0, 5000));
      const fileSummary = bothLangs((lang) => result.summary[lang].slice(0, 5000));
      const data = parseOrThrow(evidenceCreateSchema, {
        type: "device_test",
        title: `${name} — ${result.verdict}`,
        recordName: `${run.profile}: ${name} (${run.startedAt})`.slice(0, 300),
        resultSummary: resultSummary[ctx.lang],
        testedOn,
        tester: ctx.actor.name,
      });
      const row = await evidenceRow(trx, ctx, data, now, {
        file: {
          kind: "probe-result",
          summary: fileSummary[ctx.lang],
          blobSha256: json.sha256,
          originalName: "probe-results.json",
        },
        test: {
          key: result.service ? `${result.probe}:${result.service}` : result.probe,
          verdict: result.verdict,
        },
        texts: { resultSummary, summary: fileSummary },
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
      origin: options.origin,
    });
    return { runId, evidenceIds, results: run.results.length, verdicts };
  });
}
