/**
 * Parses a port list such as `1-65535` or `22,80,8000-8100` into sorted, unique port numbers.
 * Throws an Error naming the bad part when a piece is not a port or a range of ports (1–65535).
 */
export function parsePortRange(spec: string): number[] {
  const ports = new Set<number>();
  const parts = spec.split(",").map((p) => p.trim());
  for (const part of parts) {
    const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(part);
    if (!match) throw new Error(`not a port or port range: "${part}"`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from < 1 || to > 65535 || from > to)
      throw new Error(`port range out of 1-65535 or reversed: "${part}"`);
    for (let p = from; p <= to; p++) ports.add(p);
  }
  return [...ports].sort((a, b) => a - b);
}

/** Compact text for a sorted port list, e.g. `[22,80,81,82]` → `22,80-82`. */
export function formatPortList(ports: readonly number[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < ports.length) {
    const start = ports[i] as number;
    let end = start;
    while (i + 1 < ports.length && ports[i + 1] === end + 1) {
      i++;
      end = ports[i] as number;
    }
    out.push(start === end ? String(start) : `${start}-${end}`);
    i++;
  }
  return out.join(",");
}
