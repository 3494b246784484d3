import { AppError } from "../errors/app-error.ts";
import { MAX_INPUT_DEPTH } from "../errors/input-guard.ts";

/** A JSON value left as bytes of the body (validated, never turned into objects): `body.subarray(start, end)`. */
export type RawSlice = { start: number; end: number };

/** Where a raw value stands in the run: the log of a result, or its findings. */
export type RawPart = { result: number; key: "log" | "findings"; slice: RawSlice };

const MAX_LOG_ENTRIES = 100_000;
const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ENDS_SCALAR = new Set([0x2c, 0x5d, 0x7d, 0x3a]);
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const QUOTE = 0x22;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** The reader's state: the body, the position, the raw parts found so far. */
type Reader = { body: Buffer; i: number; raws: RawPart[] };

const malformed = () => new AppError("MALFORMED_JSON");
const tooDeep = () => new AppError("INPUT_TOO_DEEP", { limit: MAX_INPUT_DEPTH });

function space(r: Reader): void {
  while (r.i < r.body.length && WS.has(r.body[r.i] ?? 0)) r.i++;
}

function expectByte(r: Reader, byte: number): void {
  space(r);
  if (r.body[r.i] !== byte) throw malformed();
  r.i++;
}

/** Scans a string starting at its quote: [start, end) of its content, and whether it has escapes. */
function scanString(r: Reader): { start: number; end: number; escaped: boolean } {
  const { body } = r;
  if (body[r.i] !== QUOTE) throw malformed();
  const start = ++r.i;
  let escaped = false;
  for (; r.i < body.length; r.i++) {
    const b = body[r.i] ?? 0;
    if (b === QUOTE) return { start, end: r.i++, escaped };
    if (b < 0x20) throw malformed();
    if (b === 0x5c) {
      escaped = true;
      if (body[r.i + 1] === 0x75 && body.toString("latin1", r.i + 2, r.i + 6) === "0000")
        throw new AppError("INPUT_NUL_CHARACTER", { where: "probe run" });
      r.i++;
    }
  }
  throw malformed();
}

function readString(r: Reader): string {
  const s = scanString(r);
  if (!s.escaped) return r.body.toString("utf8", s.start, s.end);
  try {
    return JSON.parse(r.body.toString("utf8", s.start - 1, s.end + 1)) as string;
  } catch {
    throw malformed();
  }
}

function readScalar(r: Reader): unknown {
  const start = r.i;
  while (r.i < r.body.length && !WS.has(r.body[r.i] ?? 0) && !ENDS_SCALAR.has(r.body[r.i] ?? 0)) r.i++;
  const text = r.body.toString("latin1", start, r.i);
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  if (NUMBER.test(text)) return Number(text);
  throw malformed();
}

/**
 * Walks the members of an array or object whose opening bracket is at the position, calling `member` for each
 * (with the key for objects, the index for arrays). Checks the depth before entering.
 */
function members(r: Reader, depth: number, member: (key: string | number) => void, keepKeys: boolean): void {
  if (depth >= MAX_INPUT_DEPTH) throw tooDeep();
  const array = r.body[r.i] === OPEN_ARRAY;
  const close = array ? CLOSE_ARRAY : CLOSE_OBJECT;
  r.i++;
  space(r);
  if (r.body[r.i] === close) {
    r.i++;
    return;
  }
  for (let n = 0; ; n++) {
    let key: string | number = n;
    if (!array) {
      space(r);
      if (keepKeys) key = readString(r);
      else scanString(r);
      expectByte(r, 0x3a);
    }
    member(key);
    space(r);
    const sep = r.body[r.i++];
    if (sep === close) return;
    if (sep !== 0x2c) throw malformed();
  }
}

/** Checks one value without building it. Recursion is bounded by MAX_INPUT_DEPTH. */
function skipValue(r: Reader, depth: number): void {
  space(r);
  const c = r.body[r.i];
  if (c === QUOTE) scanString(r);
  else if (c === OPEN_ARRAY || c === OPEN_OBJECT) members(r, depth, () => skipValue(r, depth + 1), false);
  else readScalar(r);
}

/** Reads one value; `results[i].log` and `results[i].findings` are only checked (see readRunBody). */
function readValue(r: Reader, depth: number, path: readonly (string | number)[]): unknown {
  space(r);
  const c = r.body[r.i];
  if (c === QUOTE) return readString(r);
  if (c !== OPEN_ARRAY && c !== OPEN_OBJECT) return readScalar(r);
  if (c === OPEN_ARRAY) {
    const out: unknown[] = [];
    members(r, depth, (n) => out.push(readMember(r, depth, [...path, n])), true);
    return out;
  }
  const out: Record<string, unknown> = {};
  members(
    r,
    depth,
    (key) => {
      const value = readMember(r, depth, [...path, key]);
      // defineProperty: a "__proto__" key stays data, as with JSON.parse.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    },
    true,
  );
  return out;
}

function readMember(r: Reader, depth: number, at: readonly (string | number)[]): unknown {
  const key = at[2];
  const result = at.length === 3 && at[0] === "results" && typeof at[1] === "number" ? at[1] : -1;
  if (result < 0 || (key !== "log" && key !== "findings")) return readValue(r, depth + 1, at);
  space(r);
  const start = r.i;
  const standIn = key === "log" ? logStandIn(r, depth + 1) : findingsStandIn(r, depth + 1);
  r.raws.push({ result, key, slice: { start, end: r.i } });
  return standIn;
}

/** Checks a log without keeping it; the stand-in lets the schema judge it (an array of at most 100,000 objects). */
function logStandIn(r: Reader, depth: number): unknown[] | null {
  if (r.body[r.i] !== OPEN_ARRAY) {
    skipValue(r, depth);
    return null;
  }
  let entries = 0;
  let objects = true;
  members(
    r,
    depth,
    () => {
      space(r);
      if (r.body[r.i] !== OPEN_OBJECT) objects = false;
      skipValue(r, depth + 1);
      entries++;
    },
    false,
  );
  if (!objects) return [null];
  return entries > MAX_LOG_ENTRIES ? new Array(entries).fill({}) : [];
}

/**
 * Checks findings without keeping them; the stand-in is an object with only `source` (which names an importing
 * tool, see isImport), or null when the findings are not an object.
 */
function findingsStandIn(r: Reader, depth: number): Record<string, unknown> | null {
  if (r.body[r.i] !== OPEN_OBJECT) {
    skipValue(r, depth);
    return null;
  }
  const standIn: Record<string, unknown> = {};
  members(
    r,
    depth,
    (key) => {
      space(r);
      if (key === "source" && r.body[r.i] === QUOTE) standIn.source = readString(r);
      else skipValue(r, depth + 1);
    },
    true,
  );
  return standIn;
}

/**
 * A JSON reader over one Buffer for probe-run bodies, which may be 64 MiB of logs: everything is read into values
 * except `results[i].log` and `results[i].findings`, which are only checked (syntax, shape, depth, no U+0000) and
 * kept as byte ranges — so the memory a run costs is its body plus the small parts, whatever the logs hold.
 * Same rules as assertSafeJson: INPUT_TOO_DEEP past MAX_INPUT_DEPTH, INPUT_NUL_CHARACTER for U+0000.
 */
export function readRunBody(body: Buffer): { value: unknown; raws: RawPart[] } {
  const r: Reader = { body, i: 0, raws: [] };
  const value = readValue(r, 0, []);
  space(r);
  if (r.i !== body.length) throw malformed();
  return { value, raws: r.raws };
}
