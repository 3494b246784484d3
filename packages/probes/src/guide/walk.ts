import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { createDeviceLog } from "../actions/log.ts";
import type { Lang, ProbeResult } from "../result/types.ts";
import { type GuideAnswer, type GuideAttachment, guideResult } from "./result.ts";
import type { Guide } from "./steps.ts";

export type { GuideAnswer, GuideAttachment } from "./result.ts";

/** How the walk talks to the tester. `ask` returns null at the end of input. */
export interface GuideIo {
  write: (text: string) => void;
  ask: (question: string) => Promise<string | null>;
}

const ANSWERS: Record<string, GuideAnswer["result"]> = {
  pass: "pass",
  p: "pass",
  ok: "pass",
  y: "pass",
  yes: "pass",
  合格: "pass",
  はい: "pass",
  fail: "fail",
  f: "fail",
  ng: "fail",
  n: "fail",
  no: "fail",
  不合格: "fail",
  いいえ: "fail",
  skip: "skip",
  s: "skip",
  "-": "skip",
  スキップ: "skip",
  対象外: "skip",
};

/**
 * Walks a guide on a terminal: for each step the instruction, then `pass / fail / skip`, a note and
 * optional attachment files (comma-separated paths, hashed). Unanswerable input is asked again
 * (three times at most); the end of input stops the walk and the rest is NOT_RUN. The outcome is a
 * results-JSON test case (probe `guide`) with the tester, the time of every answer and the files.
 */
export async function walkGuide(
  guide: Guide,
  io: GuideIo,
  options: { lang: Lang; tester: string; now?: () => Date; cwd?: string },
): Promise<ProbeResult> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const log = createDeviceLog(now);
  const L = options.lang;
  const answers: GuideAnswer[] = [];
  log.add("guide-start", { criterion: guide.criterion, tester: options.tester });
  io.write(`\n${guide.criterion} ${guide.title[L]}\n${guide.intro[L]}\n`);
  io.write(
    L === "ja"
      ? "各手順に pass / fail / skip で答えてください（合格 / 不合格 / スキップ も可）。\n"
      : "Answer each step with pass / fail / skip.\n",
  );
  let ended = false;
  for (const [i, step] of guide.steps.entries()) {
    if (ended) break;
    io.write(`\n[${i + 1}/${guide.steps.length}] ${step.instruction[L]}\n`);
    if (step.evidence) io.write(`  ${L === "ja" ? "証跡" : "evidence"}: ${step.evidence[L]}\n`);
    let result: GuideAnswer["result"] | undefined;
    for (let tries = 0; tries < 3 && result === undefined; tries++) {
      const a = await io.ask("pass / fail / skip > ");
      if (a === null) {
        ended = true;
        break;
      }
      result = ANSWERS[a.trim().toLowerCase()];
      if (result === undefined)
        io.write(
          L === "ja" ? "pass / fail / skip のどれかで答えてください\n" : "please answer pass, fail or skip\n",
        );
    }
    if (result === undefined) {
      log.add("answer", { step: step.id, result: "none" });
      continue;
    }
    const note = ((await io.ask(L === "ja" ? "メモ（任意）> " : "note (optional) > ")) ?? "").trim();
    const files = (
      (await io.ask(
        L === "ja"
          ? "写真・動画のファイル（任意、カンマ区切り）> "
          : "photo/video files (optional, comma-separated) > ",
      )) ?? ""
    )
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const attachments: GuideAttachment[] = [];
    for (const f of files) {
      const path = resolve(options.cwd ?? process.cwd(), f);
      try {
        const info = await stat(path);
        const sha256 = createHash("sha256")
          .update(await readFile(path))
          .digest("hex");
        attachments.push({ path, bytes: info.size, sha256 });
      } catch (error) {
        io.write(
          `${L === "ja" ? "ファイルを読めません" : "cannot read"}: ${f} (${(error as NodeJS.ErrnoException).code ?? "error"})\n`,
        );
      }
    }
    const answer: GuideAnswer = { step: step.id, result, note, at: now().toISOString(), attachments };
    answers.push(answer);
    log.add("answer", {
      step: step.id,
      result,
      tester: options.tester,
      ...(note ? { note } : {}),
      ...(attachments.length ? { attachments: attachments.map((a) => a.sha256) } : {}),
    });
  }
  log.add("guide-end", { answered: answers.length, steps: guide.steps.length });
  return guideResult(guide, answers, options.tester, { log: log.entries, durationMs: Date.now() - started });
}
