/**
 * Alpine (apk) version comparison, after apk-tools: numbers `1.2.3` compared part by part (more parts is newer),
 * an optional letter (`1.2.3a`), suffixes ordered `_alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git <
 * _hg < _p`, each with an optional number, then the package revision `-rN`. No maintained JavaScript library
 * does this, hence this implementation (tested with apk's documented orderings).
 */
type ApkVersion = { numbers: bigint[]; letter: string; suffixes: [number, bigint][]; revision: bigint };

const SUFFIX_RANK: Record<string, number> = {
  alpha: 0,
  beta: 1,
  pre: 2,
  rc: 3,
  cvs: 5,
  svn: 6,
  git: 7,
  hg: 8,
  p: 9,
};
const NONE = 4;
const PATTERN = /^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:-r(\d+))?$/;

function parse(version: string): ApkVersion | null {
  const m = PATTERN.exec(version.trim());
  if (!m) return null;
  const suffixes = [...(m[3] ?? "").matchAll(/_([a-z]+)(\d*)/g)].map((s): [number, bigint] => [
    SUFFIX_RANK[s[1] as string] ?? NONE,
    BigInt(s[2] || "0"),
  ]);
  return {
    numbers: (m[1] as string).split(".").map((n) => BigInt(n)),
    letter: m[2] ?? "",
    suffixes,
    revision: BigInt(m[4] ?? "0"),
  };
}

const cmp = (a: bigint | number, b: bigint | number) => (a === b ? 0 : a > b ? 1 : -1);

/** Negative, zero or positive like a sort comparator; null when either is not an apk version. */
export function compareAlpine(a: string, b: string): number | null {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  for (let i = 0; i < Math.min(x.numbers.length, y.numbers.length); i++) {
    const c = cmp(x.numbers[i] as bigint, y.numbers[i] as bigint);
    if (c) return c;
  }
  if (x.numbers.length !== y.numbers.length) return x.numbers.length > y.numbers.length ? 1 : -1;
  if (x.letter !== y.letter) return x.letter > y.letter ? 1 : -1;
  for (let i = 0; i < Math.max(x.suffixes.length, y.suffixes.length); i++) {
    const [rx, nx] = x.suffixes[i] ?? [NONE, 0n];
    const [ry, ny] = y.suffixes[i] ?? [NONE, 0n];
    const c = cmp(rx, ry) || cmp(nx, ny);
    if (c) return c;
  }
  return cmp(x.revision, y.revision);
}
