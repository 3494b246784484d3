import { AppError } from "../errors/app-error.ts";
import { MAX_INPUT_DEPTH } from "../errors/input-guard.ts";

/** A JSON value left as bytes of the body (validated, never turned into objects): `body.subarray(start, end)`. */
export type RawSlice = { start: number; end: number };

/** Where a raw value stands in the run: the log of a result, or its findings. */
export type RawPart = { result: number; key: "log" | "findings"; slice: RawSlice };

const MAX_LOG_ENTRIES = 100_000;

const malformed = () => new AppError("MALFORMED_JSON");
const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * A JSON reader over one Buffer for probe-run bodies, which may be 64 MiB of logs: everything is read into values
 * except `results[i].log` and `results[i].findings`, which are only checked (syntax, shape, depth, no U+0000) and
 * kept as byte ranges — so the memory a run costs is its body plus the small parts, whatever the logs hold.
 * Same rules as assertSafeJson: INPUT_TOO_DEEP past MAX_INPUT_DEPTH, INPUT_NUL_CHARACTER for U+0000.
 */
export function readRunBody(body: Buffer): { value: unknown; raws: RawPart[] } {
  let i = 0;
  const raws: RawPart[] = [];
  const space = () => {
    while (i < body.length && WS.has(body[i] ?? 0)) i++;
  };
  const expect = (byte: number) => {
    space();
    if (body[i] !== byte) throw malformed();
    i++;
  };
  /** Scans a string starting at its quote: [start, end) of its content, and whether it has escapes. */
  const scanString = (): { start: number; end: number; escaped: boolean } => {
    if (body[i] !== 0x22) throw malformed();
    const start = ++i;
    let escaped = false;
    for (; i < body.length; i++) {
      const b = body[i] ?? 0;
      if (b === 0x22) return { start, end: i++, escaped };
      if (b < 0x20) throw malformed();
      if (b === 0x5c) {
        escaped = true;
        if (body[i + 1] === 0x75 && body.toString("latin1", i + 2, i + 6) === "0000")
          throw new AppError("INPUT_NUL_CHARACTER", { where: "probe run" });
        i++;
      }
    }
    throw malformed();
  };
  const string = (): string => {
    const s = scanString();
    if (!s.escaped) return body.toString("utf8", s.start, s.end);
    try {
      return JSON.parse(body.toString("utf8", s.start - 1, s.end + 1)) as string;
    } catch {
      throw malformed();
    }
  };
  const scalar = (): unknown => {
    const start = i;
    while (i < body.length && !WS.has(body[i] ?? 0) && ![0x2c, 0x5d, 0x7d, 0x3a].includes(body[i] ?? 0)) i++;
    const text = body.toString("latin1", start, i);
    if (text === "true") return true;
    if (text === "false") return false;
    if (text === "null") return null;
    if (NUMBER.test(text)) return Number(text);
    throw malformed();
  };
  /** Reads (or, with keep = false, only checks) one value. Recursion is bounded by MAX_INPUT_DEPTH. */
  const value = (depth: number, keep: boolean, path: (string | number)[]): unknown => {
    space();
    const c = body[i];
    if (c === 0x22) {
      if (keep) return string();
      scanString();
      return undefined;
    }
    if (c !== 0x5b && c !== 0x7b) return scalar();
    if (depth >= MAX_INPUT_DEPTH) throw new AppError("INPUT_TOO_DEEP", { limit: MAX_INPUT_DEPTH });
    i++;
    const array = c === 0x5b;
    const out: unknown = keep ? (array ? [] : {}) : undefined;
    space();
    if (body[i] === (array ? 0x5d : 0x7d)) {
      i++;
      return out;
    }
    for (let n = 0; ; n++) {
      let key: string | number = n;
      if (!array) {
        space();
        if (keep) key = string();
        else scanString();
        expect(0x3a);
      }
      const member = keep ? child(depth, path, key) : value(depth + 1, false, path);
      if (keep && array) (out as unknown[]).push(member);
      else if (keep)
        Object.defineProperty(out, key, {
          value: member,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      space();
      const sep = body[i++];
      if (sep === (array ? 0x5d : 0x7d)) return out;
      if (sep !== 0x2c) throw malformed();
    }
  };
  /** A kept member: `results[i].log` and `results[i].findings` become raw slices (with a stand-in for the schema). */
  const child = (depth: number, path: (string | number)[], key: string | number): unknown => {
    const at = [...path, key];
    const result = at.length === 3 && at[0] === "results" && typeof at[1] === "number" ? at[1] : -1;
    if (result < 0 || (key !== "log" && key !== "findings")) return value(depth + 1, true, at);
    space();
    const start = i;
    if (key === "findings") {
      const standIn = findingsStandIn(depth + 1);
      raws.push({ result, key, slice: { start, end: i } });
      return standIn;
    }
    const entries = logEntries(depth + 1);
    raws.push({ result, key, slice: { start, end: i } });
    // The schema still judges the shape: an array of objects for the log.
    return entries < 0 ? [null] : entries > MAX_LOG_ENTRIES ? new Array(entries).fill({}) : [];
  };
  /**
   * Checks findings without keeping them; the stand-in is an object with only `source` (which names an importing
   * tool), or null when the findings are not an object — so the schema and isImport() still judge them.
   */
  const findingsStandIn = (depth: number): Record<string, unknown> | null => {
    space();
    if (body[i] !== 0x7b) {
      value(depth, false, []);
      return null;
    }
    if (depth >= MAX_INPUT_DEPTH) throw new AppError("INPUT_TOO_DEEP", { limit: MAX_INPUT_DEPTH });
    const standIn: Record<string, unknown> = {};
    i++;
    space();
    if (body[i] === 0x7d) {
      i++;
      return standIn;
    }
    for (;;) {
      space();
      const key = string();
      expect(0x3a);
      space();
      if (key === "source" && body[i] === 0x22) standIn.source = string();
      else value(depth + 1, false, []);
      space();
      const sep = body[i++];
      if (sep === 0x7d) return standIn;
      if (sep !== 0x2c) throw malformed();
    }
  };
  /** Checks a log array without keeping it: the number of entries, or -1 when it is not an array of objects. */
  const logEntries = (depth: number): number => {
    space();
    if (body[i] !== 0x5b) {
      value(depth, false, []);
      return -1;
    }
    if (depth >= MAX_INPUT_DEPTH) throw new AppError("INPUT_TOO_DEEP", { limit: MAX_INPUT_DEPTH });
    i++;
    space();
    if (body[i] === 0x5d) {
      i++;
      return 0;
    }
    let entries = 0;
    let objects = true;
    for (;;) {
      space();
      if (body[i] !== 0x7b) objects = false;
      value(depth + 1, false, []);
      entries++;
      space();
      const sep = body[i++];
      if (sep === 0x5d) break;
      if (sep !== 0x2c) throw malformed();
    }
    return objects ? entries : -1;
  };
  const result = value(0, true, []);
  space();
  if (i !== body.length) throw malformed();
  return { value: result, raws };
}
