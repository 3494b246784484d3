import {
  GUIDES,
  type Guide,
  type GuideAnswer,
  guideFor,
  guideResult,
  type RunResult,
  TOOL_VERSION,
} from "@jcstar/probes";
import { z } from "zod";
import type { RequestContext } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { getEvidenceMany } from "../evidence/evidence.ts";
import type { VaultDeps } from "../vault/upload.ts";
import { fileProbeRun } from "./file-probe-run.ts";

/** The guided manual tests (step lists in ja/en): the same data `jcstar probe guide` walks. */
export function listGuides(): readonly Guide[] {
  return GUIDES;
}

const at = z.string().datetime({ offset: true });

/**
 * A walked guide as sent by the web workspace or `jcstar probe guide --upload`: the tester, when, and per
 * step the result, a note and the evidence records of its photos/videos (uploaded into the vault first).
 */
export const guidedTestSchema = z
  .object({
    criterion: z.string().regex(/^S\d+\.\d+-\d{2}$/),
    tester: z.string().trim().min(1).max(200),
    startedAt: at,
    finishedAt: at.optional(),
    answers: z
      .array(
        z
          .object({
            step: z.string().min(1).max(100),
            result: z.enum(["pass", "fail", "skip"]),
            note: z.string().trim().max(5000).default(""),
            at,
            attachments: z
              .array(z.object({ evidenceId: z.string().min(1).max(64) }).strict())
              .max(20)
              .default([]),
          })
          .strict(),
      )
      .max(100),
  })
  .strict();
export type GuidedTestInput = z.input<typeof guidedTestSchema>;

const MEDIA_KINDS = new Set(["photo", "video", "screenshot", "log", "other"]);

function invalid(path: string, ja: string, en: string): AppError {
  return new AppError("VALIDATION_FAILED", {}, [{ path, message: { ja, en } }]);
}

/**
 * Files a guided manual test as device-test evidence of a product: checks the answers against the guide's
 * steps (every step at most once, unknown steps refused) and the attachments against the vault (files of the
 * caller's organisation, live), then files the outcome like a probe run — results JSON, readable ja/en reports
 * naming tester, times, notes and each file by name and hash, and a record with the verdict on the criterion.
 */
export async function fileGuidedTest(
  deps: VaultDeps,
  ctx: RequestContext,
  productId: string,
  input: unknown,
  options: { fromWeb?: boolean } = {},
) {
  const data = parseOrThrow(guidedTestSchema, input);
  const guide = guideFor(data.criterion);
  if (!guide)
    throw new AppError("NOT_FOUND", {
      entity: ctx.lang === "ja" ? "手動試験の手順" : "Guided test",
      id: data.criterion,
    });
  const seen = new Set<string>();
  for (const [i, a] of data.answers.entries()) {
    if (!guide.steps.some((s) => s.id === a.step))
      throw invalid(
        `answers.${i}.step`,
        `${guide.criterion} の手順に ${a.step} はありません。`,
        `${guide.criterion} has no step ${a.step}.`,
      );
    if (seen.has(a.step))
      throw invalid(
        `answers.${i}.step`,
        `手順 ${a.step} の回答が重複しています。`,
        `Step ${a.step} is answered twice.`,
      );
    seen.add(a.step);
  }
  const ids = [...new Set(data.answers.flatMap((a) => a.attachments.map((f) => f.evidenceId)))];
  const files = new Map((await getEvidenceMany(deps.db, ctx, ids)).map((e) => [e.id, e]));
  const answers: GuideAnswer[] = data.answers.map((a, i) => ({
    step: a.step,
    result: a.result,
    note: a.note,
    at: a.at,
    attachments: a.attachments.map((f, j) => {
      const e = files.get(f.evidenceId);
      if (!e?.file || !MEDIA_KINDS.has(e.kind ?? ""))
        throw invalid(
          `answers.${i}.attachments.${j}`,
          `証跡 ${f.evidenceId} は写真・動画などのファイルではありません。`,
          `Evidence ${f.evidenceId} is not a photo, video or similar file.`,
        );
      return {
        evidenceId: e.id,
        name: e.file.originalName ?? e.file.sha256.slice(0, 12),
        bytes: e.file.size,
        sha256: e.file.sha256,
        mediaType: e.file.mediaType,
      };
    }),
  }));
  const finishedAt = data.finishedAt ?? deps.now().toISOString();
  const result = guideResult(guide, answers, data.tester, {
    log: answers.map((a) => ({
      t: a.at,
      event: "answer",
      step: a.step,
      result: a.result,
      tester: data.tester,
      ...(a.note ? { note: a.note } : {}),
      ...(a.attachments.length ? { attachments: a.attachments.map((f) => f.sha256) } : {}),
    })),
  });
  const run: RunResult = {
    tool: "jcstar",
    version: TOOL_VERSION,
    profile: "guided test / 手動試験",
    host: "manual",
    startedAt: data.startedAt,
    finishedAt,
    results: [result],
  };
  const filed = await fileProbeRun(
    deps,
    { ...ctx, actor: { ...ctx.actor, name: data.tester } },
    productId,
    run,
    options.fromWeb ? { origin: "web" } : {},
  );
  return { ...filed, verdict: result.verdict, criterion: guide.criterion };
}
