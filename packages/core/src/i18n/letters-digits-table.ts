/**
 * Builds the flag-free regex source of "one letter or digit" (\p{L} or \p{N}) from the running engine's Unicode
 * tables: code-point ranges of the BMP as one class, astral ranges as UTF-16 surrogate pairs. Used by
 * write-letters-digits.ts to regenerate letters-digits.data.ts and by its test to prove the data still matches.
 */
const hex = (n: number) => `\\u${n.toString(16).toUpperCase().padStart(4, "0")}`;
const range = ([a, b]: [number, number]) =>
  a === b ? hex(a) : b === a + 1 ? hex(a) + hex(b) : `${hex(a)}-${hex(b)}`;

function codePointRanges(re: RegExp): [number, number][] {
  const ranges: [number, number][] = [];
  let start = -1;
  for (let cp = 0; cp <= 0x110000; cp++) {
    const ok = cp < 0x110000 && re.test(String.fromCodePoint(cp));
    if (ok && start < 0) start = cp;
    if (!ok && start >= 0) {
      ranges.push([start, cp - 1]);
      start = -1;
    }
  }
  return ranges;
}

/** Astral ranges → trail-surrogate ranges per lead surrogate. */
function byLeadSurrogate(ranges: [number, number][]): Map<number, [number, number][]> {
  const leads = new Map<number, [number, number][]>();
  for (const [a, b] of ranges) {
    for (let cp = a; cp <= b; ) {
      const lead = 0xd800 + ((cp - 0x10000) >> 10);
      const end = Math.min(b, 0x10000 + ((lead - 0xd800 + 1) << 10) - 1);
      const trails = leads.get(lead) ?? [];
      trails.push([0xdc00 + ((cp - 0x10000) & 0x3ff), 0xdc00 + ((end - 0x10000) & 0x3ff)]);
      leads.set(lead, trails);
      cp = end + 1;
    }
  }
  return leads;
}

function astralAlternatives(ranges: [number, number][]): string {
  const leads = byLeadSurrogate(ranges);
  const full = (l: number) => {
    const t = leads.get(l);
    return t?.length === 1 && t[0]?.[0] === 0xdc00 && t[0]?.[1] === 0xdfff;
  };
  const sorted = [...leads.keys()].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    const l = sorted[i] as number;
    let j = i;
    const next = () => sorted[j + 1] as number;
    while (full(l) && j + 1 < sorted.length && next() === (sorted[j] as number) + 1 && full(next())) j++;
    if (full(l)) parts.push(`${j === i ? hex(l) : `[${range([l, sorted[j] as number])}]`}[\\uDC00-\\uDFFF]`);
    else parts.push(`${hex(l)}[${(leads.get(l) ?? []).map(range).join("")}]`);
    i = j + 1;
  }
  return parts.join("|");
}

/** `bmp`: the inside of a character class; `astral`: alternatives of surrogate pairs. */
export function letterDigitTable(letterOrDigit = /[\p{L}\p{N}]/u): { bmp: string; astral: string } {
  const ranges = codePointRanges(letterOrDigit);
  return {
    bmp: ranges
      .filter(([a]) => a < 0x10000)
      .map(range)
      .join(""),
    astral: astralAlternatives(ranges.filter(([a]) => a >= 0x10000)),
  };
}
