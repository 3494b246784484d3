import { FEE_TABLE } from "../application/fees.ts";
import { LIFECYCLE } from "../application/lifecycle.ts";
import { SCHEDULE } from "../application/schedule.ts";
import { STEP_LABELS } from "../application/step-labels.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import { CLAIM_RULES } from "../claims/rules.ts";
import { applicationFormDefinition } from "../forms/form-definition.ts";
import { SHARED_SOURCES } from "./shared-sources.ts";
import { needsUnverifiedMark, type SourceRef } from "./source-ref.ts";
import type { SourceRegistry } from "./source-registry.ts";

/** One sourced fact of a scheme data file: its id (`file:…`), the source keys it names and their registry. */
export type SourcedItem = { id: string; keys: readonly string[]; registry: SourceRegistry };
type Item = SourcedItem;

/** Every sourced data item of the scheme files, with the keys it names. */
export function sourcedItems(): Item[] {
  const shared = SHARED_SOURCES.sources;
  const items: Item[] = [];
  for (const v of loadCatalog().versions) {
    const r = v.sources;
    items.push({ id: `catalog:${v.version}:source`, keys: v.source.sources, registry: r });
    for (const c of v.criteria) {
      for (const [fact, keys] of Object.entries(c.sources))
        items.push({ id: `catalog:${v.version}:${c.id}:${fact}`, keys, registry: r });
      items.push({
        id: `catalog:${v.version}:${c.id}:crosswalk`,
        keys: c.crosswalk.sources ?? [],
        registry: r,
      });
    }
  }
  items.push({ id: "fees:table", keys: FEE_TABLE.sources, registry: shared });
  for (const f of FEE_TABLE.fees)
    items.push({
      id: `fees:${f.route}:${f.from ?? "-"}:${f.until ?? "-"}`,
      keys: f.sources,
      registry: shared,
    });
  for (const [fact, keys] of Object.entries(SCHEDULE.sources))
    items.push({ id: `schedule:${fact}`, keys, registry: shared });
  const form = applicationFormDefinition();
  for (const s of form.sections)
    items.push({ id: `forms:section:${s.id}`, keys: s.sources, registry: shared });
  for (const f of form.fields) items.push({ id: `forms:field:${f.id}`, keys: f.sources, registry: shared });
  for (const c of form.confirmations)
    items.push({ id: `forms:confirmation:${c.id}`, keys: c.sources, registry: shared });
  for (const f of FEE_TABLE.extensions)
    items.push({ id: `fees:extension:${f.level}:${f.from ?? "-"}`, keys: f.sources, registry: shared });
  for (const [fact, keys] of Object.entries(STEP_LABELS.sources))
    items.push({ id: `labels:${fact}`, keys, registry: shared });
  for (const r of CLAIM_RULES) items.push({ id: `claims:${r.id}`, keys: r.sources, registry: shared });
  items.push(...lifecycleItems());
  return items;
}

/** lifecycle.json names its sources inline: each list becomes a registry of its own. */
function lifecycleItems(): Item[] {
  const inline = (id: string, sources: readonly SourceRef[]): Item => ({
    id,
    keys: sources.map((_, i) => `s${i}`),
    registry: Object.fromEntries(sources.map((s, i) => [`s${i}`, s])),
  });
  return [
    inline("lifecycle:statuses", LIFECYCLE.statusSources),
    inline("lifecycle:validity", LIFECYCLE.validity.sources),
    ...LIFECYCLE.grace.map((g) => inline(`lifecycle:grace:${g.from ?? "-"}:${g.until ?? "-"}`, g.sources)),
    inline("lifecycle:extension", LIFECYCLE.extension.sources),
  ];
}

/** The ids of every fact that rests on no official source (the web shows the "unverified" mark beside it). */
export function unverifiedFactIds(): string[] {
  return sourcedItems()
    .filter((i) => needsUnverifiedMark(i.keys.flatMap((k) => i.registry[k] ?? [])))
    .map((i) => i.id);
}

/**
 * The list docs/criteria.md holds between its `unverified-facts` markers: one line per group of ids (the id up
 * to its last colon), the last parts after it. A test keeps the document equal to this.
 */
export function unverifiedFactsMarkdown(ids: readonly string[] = unverifiedFactIds()): string {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const cut = id.lastIndexOf(":");
    const group = id.slice(0, cut);
    groups.set(group, [...(groups.get(group) ?? []), id.slice(cut + 1)]);
  }
  return [...groups].map(([g, last]) => `- \`${g}\`: ${last.join(", ")}`).join("\n");
}
