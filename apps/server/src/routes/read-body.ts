import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@jcstar/core";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";

/** The raw request body as a stream with a size limit (the Node request itself when there is one). */
function limitedBody(c: Context<AppEnv>, max: number): AsyncIterable<Uint8Array> {
  const length = Number(c.req.header("content-length") ?? "0");
  if (length > max) throw new AppError("PAYLOAD_TOO_LARGE", { limit: max });
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const source =
    incoming && !incoming.readableEnded
      ? (incoming as AsyncIterable<Uint8Array>)
      : ((c.req.raw.body ?? []) as unknown as AsyncIterable<Uint8Array>);
  return (async function* () {
    let size = 0;
    for await (const chunk of source) {
      size += chunk.byteLength;
      if (size > max) throw new AppError("PAYLOAD_TOO_LARGE", { limit: max });
      yield chunk;
    }
  })();
}

/** Reads a (smaller) body into memory, refusing more than `max` bytes. */
export async function bodyBuffer(c: Context<AppEnv>, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of limitedBody(c, max)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * Reads a body into exactly one Buffer: with a Content-Length it is allocated once and filled as chunks arrive
 * (no list of chunks, no concatenation, no string), so a body costs its own size. Refuses more than `max` bytes.
 */
export async function bodyInOneBuffer(c: Context<AppEnv>, max: number): Promise<Buffer> {
  const declared = c.req.header("content-length");
  if (declared === undefined || !/^\d+$/.test(declared)) return bodyBuffer(c, max);
  const length = Number(declared);
  if (length > max) throw new AppError("PAYLOAD_TOO_LARGE", { limit: max });
  const out = Buffer.allocUnsafe(length);
  let size = 0;
  for await (const chunk of limitedBody(c, max)) {
    if (size + chunk.byteLength > length) throw new AppError("MALFORMED_JSON");
    out.set(chunk, size);
    size += chunk.byteLength;
  }
  return size === length ? out : out.subarray(0, size);
}

/** Streams a (large) body to a temporary file, calls `fn` with its path, and removes it afterwards. */
export async function withBodyFile<T>(
  c: Context<AppEnv>,
  max: number,
  name: string,
  fn: (path: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "jcstar-upload-"));
  try {
    const file = join(dir, name);
    await pipeline(Readable.from(limitedBody(c, max)), createWriteStream(file));
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The client's file name (?fileName= or X-File-Name), without folders, for the record. */
export function uploadName(c: Context<AppEnv>): string | null {
  const raw = new URL(c.req.url).searchParams.get("fileName") ?? c.req.header("x-file-name") ?? null;
  const base = raw
    ?.split(/[\\/]/)
    .pop()
    ?.replace(/[^\w.@+-]/g, "_")
    .slice(0, 200);
  return base || null;
}
