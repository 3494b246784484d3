import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps } from "../context/deps.ts";
import { newId } from "../db/ids.ts";
import type { AdvisoryRow } from "./osv-parse.ts";

export type VulnSource = {
  id: string;
  kind: "osv" | "nvd";
  name: string;
  fileName: string | null;
  sha256: string;
  advisoryCount: number;
  dataModifiedAt: string | null;
  importedAt: string;
  importedBy: string | null;
};

const CHUNK = 200;

/**
 * Stores one import of advisory data in one transaction, replacing the earlier import of the same source
 * (kind and name): either all of the new data is there afterwards, or the old data is untouched.
 */
export async function replaceSource(
  deps: Pick<CoreDeps, "db" | "now">,
  actor: { id: string | null },
  source: { kind: "osv" | "nvd"; name: string; fileName: string | null; sha256: string },
  advisories: readonly AdvisoryRow[],
): Promise<VulnSource> {
  const now = deps.now().toISOString();
  const modified = advisories.reduce<string | null>(
    (max, a) => (a.modified && (!max || a.modified > max) ? a.modified : max),
    null,
  );
  const row = {
    id: newId("vsrc"),
    kind: source.kind,
    name: source.name,
    file_name: source.fileName,
    sha256: source.sha256,
    advisory_count: advisories.length,
    data_modified_at: modified,
    imported_at: now,
    imported_by: actor.id,
  };
  await deps.db.transaction().execute(async (trx) => {
    const old = await trx
      .selectFrom("vuln_sources")
      .select("id")
      .where("kind", "=", source.kind)
      .where("name", "=", source.name)
      .execute();
    for (const o of old) {
      await trx.deleteFrom("vuln_affected").where("source_id", "=", o.id).execute();
      await trx.deleteFrom("vuln_advisories").where("source_id", "=", o.id).execute();
      await trx.deleteFrom("vuln_sources").where("id", "=", o.id).execute();
    }
    await trx.insertInto("vuln_sources").values(row).execute();
    const seen = new Set<string>();
    const unique = advisories.filter((a) => {
      const key = `${source.kind}:${source.name}:${a.advisoryId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    for (let i = 0; i < unique.length; i += CHUNK) {
      const part = unique.slice(i, i + CHUNK);
      await trx
        .insertInto("vuln_advisories")
        .values(
          part.map((a) => ({
            key: `${source.kind}:${source.name}:${a.advisoryId}`,
            source_id: row.id,
            kind: source.kind,
            advisory_id: a.advisoryId,
            aliases: JSON.stringify(a.aliases),
            summary: a.summary,
            severity: a.severity,
            score_x10: a.score === null ? null : Math.round(a.score * 10),
            vector: a.vector,
            published: a.published,
            modified: a.modified,
          })),
        )
        .execute();
      const affected = part.flatMap((a) =>
        a.affected.map((x, n) => ({
          id: `${source.kind}:${source.name}:${a.advisoryId}#${n}`,
          advisory_key: `${source.kind}:${source.name}:${a.advisoryId}`,
          source_id: row.id,
          ecosystem: x.ecosystem,
          package: x.package,
          data: JSON.stringify(x.data),
        })),
      );
      for (let j = 0; j < affected.length; j += CHUNK * 2) {
        await trx
          .insertInto("vuln_affected")
          .values(affected.slice(j, j + CHUNK * 2))
          .execute();
      }
    }
    await appendAudit(
      trx,
      {
        orgId: null,
        actor: actor.id,
        action: "vuln.data-imported",
        entityType: "vuln_source",
        entityId: row.id,
        data: { kind: source.kind, name: source.name, sha256: source.sha256, advisories: advisories.length },
      },
      deps.now(),
    );
  });
  return toSource(row);
}

export function toSource(r: {
  id: string;
  kind: string;
  name: string;
  file_name: string | null;
  sha256: string;
  advisory_count: number;
  data_modified_at: string | null;
  imported_at: string;
  imported_by: string | null;
}): VulnSource {
  return {
    id: r.id,
    kind: r.kind as "osv" | "nvd",
    name: r.name,
    fileName: r.file_name,
    sha256: r.sha256,
    advisoryCount: Number(r.advisory_count),
    dataModifiedAt: r.data_modified_at,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
  };
}

/** Advisory data older than this many days is stale: import newer data before relying on a scan. */
export const VULN_DATA_STALE_AFTER_DAYS = 30;

/**
 * Every advisory data import, with how old its data is (days since the newest record it holds) and whether that
 * is stale (older than VULN_DATA_STALE_AFTER_DAYS; an unknown age is not called stale).
 */
export async function listVulnSources(deps: Pick<CoreDeps, "db" | "now">) {
  const rows = await deps.db.selectFrom("vuln_sources").selectAll().orderBy("kind").orderBy("name").execute();
  const now = deps.now().getTime();
  return rows.map((r) => {
    const s = toSource(r);
    const newest = Date.parse(s.dataModifiedAt ?? s.importedAt);
    const ageDays = Number.isFinite(newest) ? Math.max(0, Math.floor((now - newest) / 86_400_000)) : null;
    return {
      ...s,
      ageDays,
      stale: ageDays !== null && ageDays > VULN_DATA_STALE_AFTER_DAYS,
      staleAfterDays: VULN_DATA_STALE_AFTER_DAYS,
    };
  });
}
