import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { Readable } from "node:stream";
import type { GuideAnswer, Lang, RunResult } from "@jcstar/probes";
import type { UploadTarget } from "./upload-run.ts";

type Fail = { error?: { code: string; message: string } };

const VIDEO = new Set([".mp4", ".mov", ".webm", ".m4v"]);
const IMAGE = new Set([".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".bmp"]);

function kindOf(path: string): string {
  const ext = extname(path).toLowerCase();
  return IMAGE.has(ext) ? "photo" : VIDEO.has(ext) ? "video" : "other";
}

function base(target: UploadTarget): string {
  return target.server.replace(/\/$/, "");
}

/** Streams one file into the vault, linked to the criterion; the server hashes it and sniffs its type. */
async function uploadAttachment(
  path: string,
  criterion: string,
  target: UploadTarget,
  lang: Lang,
): Promise<{ id: string; sha256: string }> {
  const query = new URLSearchParams({
    kind: kindOf(path),
    fileName: basename(path),
    productId: target.product,
    criterion,
  });
  const res = await fetch(`${base(target)}/api/evidence/files?${query}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${target.token}`,
      "content-type": "application/octet-stream",
      "content-length": String(statSync(path).size),
      "accept-language": lang,
    },
    body: Readable.toWeb(createReadStream(path)) as ReadableStream,
    duplex: "half",
  } as RequestInit);
  const body = (await res.json().catch(() => ({}))) as Fail & { id?: string; file?: { sha256: string } };
  if (!res.ok || !body.id || !body.file)
    throw new Error(`${path}: ${res.status} ${body.error?.code ?? ""}: ${body.error?.message ?? ""}`);
  return { id: body.id, sha256: body.file.sha256 };
}

/**
 * Files a walked guide (the run `jcstar probe guide` wrote) on a jcstar server: every attached file is
 * uploaded into the vault first and must arrive with the hash recorded during the walk (a file changed
 * since is refused), then the answers are filed as a guided test of the product. Returns a line to print.
 */
export async function uploadGuide(run: RunResult, target: UploadTarget, lang: Lang): Promise<string> {
  const result = run.results[0];
  const criterion = result?.criteria[0];
  if (!result || !criterion) throw new Error("no guide result / 手動試験の結果がありません");
  const findings = result.findings as { tester: string; answers: GuideAnswer[] };
  const changed = (path: string, recorded: string, now: string) =>
    new Error(
      lang === "ja"
        ? `${path} は記録後に変更されています（sha256 ${recorded} → ${now}）`
        : `${path} changed after it was recorded (sha256 ${recorded} → ${now})`,
    );
  // Every file is checked before anything is sent, so a changed file files nothing.
  for (const f of findings.answers.flatMap((a) => a.attachments)) {
    if (!f.path) continue;
    const now = createHash("sha256")
      .update(await readFile(f.path))
      .digest("hex");
    if (now !== f.sha256) throw changed(f.path, f.sha256, now);
  }
  const answers = [];
  for (const a of findings.answers) {
    const attachments = [];
    for (const f of a.attachments) {
      if (!f.path) continue;
      const stored = await uploadAttachment(f.path, criterion, target, lang);
      if (stored.sha256 !== f.sha256) throw changed(f.path, f.sha256, stored.sha256);
      attachments.push({ evidenceId: stored.id });
    }
    answers.push({ step: a.step, result: a.result, note: a.note, at: a.at, attachments });
  }
  const url = `${base(target)}/api/products/${encodeURIComponent(target.product)}/guided-tests`;
  const res = await fetch(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${target.token}`,
      "content-type": "application/json",
      "accept-language": lang,
    },
    body: JSON.stringify({
      criterion,
      tester: findings.tester,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      answers,
    }),
  });
  const body = (await res.json().catch(() => ({}))) as Fail & { evidenceIds?: string[]; verdict?: string };
  if (!res.ok) throw new Error(`${res.status} ${body.error?.code ?? ""}: ${body.error?.message ?? ""}`);
  const files = answers.reduce((n, a) => n + a.attachments.length, 0);
  return lang === "ja"
    ? `手動試験を証跡として登録しました（${body.verdict}、記録 ${body.evidenceIds?.length ?? 0} 件、添付 ${files} 件）: ${url}`
    : `Filed the guided test as evidence (${body.verdict}, ${body.evidenceIds?.length ?? 0} records, ${files} files): ${url}`;
}
