/** A sentence of a text, with its place in it (UTF-16 offsets, as JavaScript strings index). */
export type Sentence = { start: number; end: number; text: string };

const ENDS_ALWAYS = new Set(["。", "！", "？", "!", "?", "\n"]);
/** Words after which a full stop does not end the sentence ("registration no. X-1"). */
const ABBREVIATIONS = /\b(no|nos|e\.g|i\.e|etc|vs|inc|ltd|co|mr|ms|dr)$/i;

function isBoundary(text: string, i: number): boolean {
  const ch = text[i] ?? "";
  if (ENDS_ALWAYS.has(ch)) return true;
  if (ch !== ".") return false;
  const next = text[i + 1];
  if (next !== undefined && !/\s/.test(next)) return false;
  return !ABBREVIATIONS.test(text.slice(Math.max(0, i - 5), i));
}

/** Splits text into sentences at 。！？!? , a full stop before a space, and line ends; blank pieces are dropped. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) out.push({ start: start + lead, end: start + lead + trimmed.length, text: trimmed });
    start = end;
  };
  for (let i = 0; i < text.length; i++) if (isBoundary(text, i)) push(i + 1);
  push(text.length);
  return out;
}
