import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { purlIdentity } from "../vuln/purl.ts";
import { comparatorFor } from "../vuln/versions/compare.ts";
import { listReleaseComponents, type ReleaseComponent } from "./release-components.ts";

export type ReleaseDiff = {
  from: string;
  to: string;
  added: ReleaseComponent[];
  removed: ReleaseComponent[];
  /** Version changed; `direction` by the ecosystem's version order (unknown when it cannot be compared). */
  changed: {
    name: string;
    from: string | null;
    to: string | null;
    direction: "upgrade" | "downgrade" | "unknown";
  }[];
  unchanged: number;
};

/** The same component across releases: its purl without version, else its name. */
const identity = (c: ReleaseComponent) => (c.purl ? (purlIdentity(c.purl) ?? c.purl) : `name:${c.name}`);

/** Components added, removed and up- or downgraded from one release to another. */
export async function diffReleases(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  fromReleaseId: string,
  toReleaseId: string,
): Promise<ReleaseDiff> {
  const before = await listReleaseComponents(deps, ctx, fromReleaseId);
  const after = await listReleaseComponents(deps, ctx, toReleaseId);
  const byKey = (list: ReleaseComponent[]) => {
    const map = new Map<string, ReleaseComponent[]>();
    for (const c of list) map.set(identity(c), [...(map.get(identity(c)) ?? []), c]);
    return map;
  };
  const a = byKey(before);
  const b = byKey(after);
  const diff: ReleaseDiff = {
    from: fromReleaseId,
    to: toReleaseId,
    added: [],
    removed: [],
    changed: [],
    unchanged: 0,
  };
  for (const [key, olds] of a) {
    const news = b.get(key);
    if (!news) {
      diff.removed.push(...olds);
      continue;
    }
    const oldVersions = new Set(olds.map((c) => c.version));
    const newVersions = new Set(news.map((c) => c.version));
    if ([...oldVersions].every((v) => newVersions.has(v)) && oldVersions.size === newVersions.size) {
      diff.unchanged += news.length;
      continue;
    }
    const from = olds[0]?.version ?? null;
    const to = news[0]?.version ?? null;
    const cmp = comparatorFor(news[0]?.ecosystem ?? "");
    const c = from && to && cmp ? cmp(to, from) : null;
    diff.changed.push({
      name: news[0]?.name ?? key,
      from,
      to,
      direction: c === null ? "unknown" : c > 0 ? "upgrade" : c < 0 ? "downgrade" : "unknown",
    });
  }
  for (const [key, news] of b) if (!a.has(key)) diff.added.push(...news);
  return diff;
}
