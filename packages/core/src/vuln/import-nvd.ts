import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { basename } from "node:path";
import { pipeline, type Readable, Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import type { CoreDeps } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import { refuse, sha256File } from "./import-osv.ts";
import { jsonArrayItems } from "./json-array-items.ts";
import { nvdAdvisory, nvdItemSchema } from "./nvd-parse.ts";
import type { AdvisoryRow } from "./osv-parse.ts";
import { replaceSource } from "./store-advisories.ts";

/** An NVD yearly feed is a few hundred MB unpacked; more than this is refused (a gzip bomb). */
export const NVD_MAX_BYTES = 2 * 1024 ** 3;

function limitBytes(max: number) {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > max) done(new Error(`the feed unpacks to more than ${max} bytes (gzip bomb?)`));
      else done(null, chunk);
    },
  });
}

/**
 * Imports an NVD CVE JSON 2.0 feed (`nvdcve-2.0-YYYY.json.gz`, or plain `.json`): streamed and unpacked with a
 * size limit, each CVE validated; CVEs become advisories matched by CPE. All or nothing, like the OSV import;
 * a new import of the same feed name replaces the old one.
 */
export async function importNvdFeed(
  deps: Pick<CoreDeps, "db" | "now">,
  actor: { id: string | null },
  path: string,
  options: { fileName?: string; maxBytes?: number } = {},
) {
  const fileName = options.fileName ?? basename(path);
  const head = Buffer.alloc(2);
  const fd = await open(path, "r");
  try {
    await fd.read(head, 0, 2, 0);
  } finally {
    await fd.close();
  }
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const input = createReadStream(path);
  const max = options.maxBytes ?? NVD_MAX_BYTES;
  // pipeline() passes an error of any stage (a corrupt gzip, the size limit) on to the reader.
  const noop = () => {};
  const limited: Readable = gzipped
    ? pipeline(input, createGunzip(), limitBytes(max), noop)
    : pipeline(input, limitBytes(max), noop);
  const header = { text: "" };
  const advisories: AdvisoryRow[] = [];
  let index = 0;
  try {
    for await (const item of jsonArrayItems(limited, "vulnerabilities", 64 * 1024 * 1024, header)) {
      if (index === 0 && !/"format"\s*:\s*"NVD_CVE"/.test(header.text))
        throw refuse("not an NVD CVE JSON 2.0 feed (format NVD_CVE missing)");
      const parsed = nvdItemSchema.safeParse(item);
      if (!parsed.success)
        throw refuse(
          `vulnerabilities[${index}] is not an NVD CVE record (${parsed.error.issues[0]?.message ?? ""})`,
        );
      const row = nvdAdvisory(parsed.data);
      if (row) advisories.push(row);
      index++;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuse((error as Error).message.slice(0, 300));
  }
  if (!/"format"\s*:\s*"NVD_CVE"/.test(header.text) || !/"version"\s*:\s*"2\.0"/.test(header.text))
    throw refuse("not an NVD CVE JSON 2.0 feed (format NVD_CVE, version 2.0)");
  // The feed's name: from NVD's file name (nvdcve-2.0-2024, …-modified); otherwise from the CVE years it holds,
  // so that two yearly feeds uploaded without their names do not replace each other.
  const years = [...new Set(advisories.map((a) => a.advisoryId.slice(4, 8)))].sort();
  const fromFile = fileName.replace(/\.gz$/i, "").replace(/\.json$/i, "");
  const name = /^nvdcve-/i.test(fromFile)
    ? fromFile
    : years.length === 1
      ? `nvdcve-2.0-${years[0]}`
      : `nvd ${years[0] ?? ""}–${years[years.length - 1] ?? ""} ${fromFile}`.trim();
  return replaceSource(
    deps,
    actor,
    { kind: "nvd", name, fileName, sha256: await sha256File(path) },
    advisories,
  );
}
