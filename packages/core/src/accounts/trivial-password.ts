/**
 * Sequences a password must not consist of: the alphabet, digits (wrapping 9 → 0), and the rows of
 * a JIS/US keyboard, each also backwards. Keyboard rows include the digit row and its shifted symbols.
 */
const SOURCES = [
  "abcdefghijklmnopqrstuvwxyzabc",
  "01234567890123456789",
  "1234567890-=^\\",
  "!@#$%^&*()_+",
  "qwertyuiop[]\\@",
  "asdfghjkl;':",
  "zxcvbnm,./\\",
].flatMap((s) => [s, [...s].reverse().join("")]);

/** Shortest piece of a sequence (or run of one character) that counts as trivial. */
const MIN_PIECE = 3;
/** Characters besides trivial pieces a password may have and still be trivial ("abcdefghij!1"). */
const FREE_CHARS = 2;

/** Longest trivial piece starting at `i`: a run of one character or a substring of a sequence. */
function piecesAt(chars: string[], i: number): number[] {
  const ends: number[] = [];
  let run = i + 1;
  while (run < chars.length && chars[run] === chars[i]) run++;
  for (let end = i + MIN_PIECE; end <= run; end++) ends.push(end);
  for (const source of SOURCES) {
    let at = source.indexOf(chars[i] as string);
    while (at >= 0) {
      let len = 1;
      while (i + len < chars.length && source[at + len] === chars[i + len]) len++;
      for (let end = i + MIN_PIECE; end <= i + len; end++) ends.push(end);
      at = source.indexOf(chars[i] as string, at + 1);
    }
  }
  return ends;
}

/**
 * True when the (normalised, lower-case) password is made of sequences, keyboard rows and runs of
 * one character (pieces of at least 3, with at most 2 other characters), or repeats one short unit.
 */
export function isTrivialPassword(normalised: string): boolean {
  const chars = [...normalised];
  if (/^(.{1,6})\1+$/u.test(normalised)) return true;
  // fewest[i]: the fewest free characters needed to cover chars[0..i) with trivial pieces.
  const fewest = new Array<number>(chars.length + 1).fill(Number.POSITIVE_INFINITY);
  fewest[0] = 0;
  for (let i = 0; i < chars.length; i++) {
    const here = fewest[i] as number;
    if (here > FREE_CHARS) continue;
    fewest[i + 1] = Math.min(fewest[i + 1] as number, here + 1);
    for (const end of piecesAt(chars, i)) fewest[end] = Math.min(fewest[end] as number, here);
  }
  return (fewest[chars.length] as number) <= FREE_CHARS;
}
