/**
 * Debian version comparison, as dpkg does it (deb-version(7)): [epoch:]upstream[-revision], compared part by
 * part; within a part, runs of non-digits compare by a modified ASCII order where `~` sorts before anything
 * (even the end of the string) and letters before other characters, and runs of digits compare as numbers.
 * No maintained JavaScript library does this, hence this implementation (tested against dpkg's own examples).
 */
export type DebianVersion = { epoch: number; upstream: string; revision: string };

export function parseDebianVersion(version: string): DebianVersion | null {
  const v = version.trim();
  if (!v || /\s/.test(v)) return null;
  let epoch = 0;
  let rest = v;
  const colon = v.indexOf(":");
  if (colon >= 0) {
    const e = v.slice(0, colon);
    if (!/^\d+$/.test(e)) return null;
    epoch = Number(e);
    rest = v.slice(colon + 1);
  }
  const dash = rest.lastIndexOf("-");
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : "";
  if (!upstream || !/^[0-9A-Za-z.+~:-]+$/.test(upstream)) return null;
  if (revision && !/^[0-9A-Za-z.+~]+$/.test(revision)) return null;
  return { epoch, upstream, revision };
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

function order(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  if (c === "~") return -1;
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp. */
function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(a[i]);
      const bc = order(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === "0") i++;
    while (b[j] === "0") j++;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

/** Negative, zero or positive like a sort comparator; null when either is not a Debian version. */
export function compareDebian(a: string, b: string): number | null {
  const x = parseDebianVersion(a);
  const y = parseDebianVersion(b);
  if (!x || !y) return null;
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  return (
    Math.sign(compareFragment(x.upstream, y.upstream)) || Math.sign(compareFragment(x.revision, y.revision))
  );
}
