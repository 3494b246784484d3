/**
 * Maven version comparison after Maven's ComparableVersion: the version splits at `.`, `-` and at changes between
 * digits and letters; numbers compare as numbers and beat qualifiers; known qualifiers rank
 * alpha < beta < milestone < rc = cr < snapshot < (release: "", ga, final, release) < sp, unknown ones after
 * sp in lexical order; trailing zeros and release qualifiers do not count (1.0 = 1 = 1.0.0 = 1-ga).
 * No maintained JavaScript library implements it, hence this one (tested with Maven's documented examples).
 */
type Item = { n: bigint } | { q: string };

const ALIASES: Record<string, string> = {
  a: "alpha",
  b: "beta",
  m: "milestone",
  cr: "rc",
  ga: "",
  final: "",
  release: "",
};
const RANK = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

function tokenize(version: string): Item[] | null {
  const v = version.trim().toLowerCase();
  if (!v || v.length > 200 || /\s/.test(v)) return null;
  const items: Item[] = [];
  for (const match of v.matchAll(/(\d+)|([a-z]+)|([^a-z\d]+)/g)) {
    if (match[1] !== undefined) items.push({ n: BigInt(match[1]) });
    else if (match[2] !== undefined) {
      // "a1", "b2", "m3": the short forms only count as qualifiers when a number follows directly.
      const next = v[(match.index ?? 0) + match[2].length];
      const word = match[2];
      const alias =
        ["a", "b", "m"].includes(word) && !(next && next >= "0" && next <= "9") ? word : ALIASES[word];
      items.push({ q: alias ?? word });
    } else if (!/^[.\-_+]+$/.test(match[3] ?? "")) return null;
  }
  while (items.length > 0) {
    const last = items[items.length - 1] as Item;
    if (("n" in last && last.n === 0n) || ("q" in last && last.q === "")) items.pop();
    else break;
  }
  return items;
}

function rank(q: string): number {
  const r = RANK.indexOf(q);
  return r >= 0 ? r : RANK.length;
}

function compareItem(x: Item | undefined, y: Item | undefined): number {
  if (x === undefined && y === undefined) return 0;
  if (x === undefined) return -compareItem(y, x);
  if (y === undefined) {
    if ("n" in x) return x.n === 0n ? 0 : 1;
    return Math.sign(rank(x.q) - rank(""));
  }
  if ("n" in x && "n" in y) return x.n === y.n ? 0 : x.n > y.n ? 1 : -1;
  if ("n" in x) return 1;
  if ("n" in y) return -1;
  const rx = rank(x.q);
  const ry = rank(y.q);
  if (rx !== ry) return Math.sign(rx - ry);
  return rx === RANK.length ? (x.q < y.q ? -1 : x.q > y.q ? 1 : 0) : 0;
}

/** Negative, zero or positive like a sort comparator; null when either is not a usable version. */
export function compareMaven(a: string, b: string): number | null {
  const x = tokenize(a);
  const y = tokenize(b);
  if (!x || !y) return null;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const c = compareItem(x[i], y[i]);
    if (c !== 0) return c;
  }
  return 0;
}
