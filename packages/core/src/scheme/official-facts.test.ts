import { describe, expect, it } from "vitest";
import { FEE_TABLE } from "../application/fees.ts";
import { SCHEDULE } from "../application/schedule.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import { applicationFormDefinition } from "../forms/form-definition.ts";
import { SHARED_SOURCES } from "./shared-sources.ts";
import type { SourceRegistry } from "./source-registry.ts";

/**
 * Every data item that names an `official` source, and the fact of shared/reference/jc-star-2026.md (marked
 * official there) that it rests on. A data item citing an official source that is not in this table fails:
 * adding one means finding the fact in the reference first.
 */
const OFFICIAL_FACTS: Record<string, string> = {
  "catalog:star1-2025.05.05:source":
    "Criteria document cited by UK SI 2025/1267 as JST-CR-01-01-2024R1 (December 2024)",
  "fees:table": "Fee ★1 tax included (IPA application page)",
  "fees:standard:-:2025-09-30": "¥110,000 for applications received up to 2025-09-30 (IPA application page)",
  "fees:standard:2025-10-01:-": "Fee ★1: ¥198,000 tax included (IPA application page)",
  "schedule:labelValidityYears":
    "Validity: up to 2 years from issuance, whatever the level (IPA application page)",
  "forms:section:applicant": "Documents: 適合ラベル申請書 (IPA application page)",
  "forms:section:contact": "Documents: 適合ラベル申請書 (IPA application page)",
  "forms:section:product": "Documents: 適合ラベル申請書 (IPA application page)",
  "forms:section:proxy": "様式2-3 power of attorney only for proxies (IPA application page)",
  "forms:confirmation:feeTerms": "Fee paid after acceptance; not refunded (IPA application page)",
  "forms:confirmation:corporateProof":
    "Proof of corporate status only without a corporate number (IPA application page)",
};

/** The official sources jc-star-2026.md names, by URL or document ID. */
const OFFICIAL_SOURCES = new Set([
  "https://www.ipa.go.jp/security/jc-star/shinsei/",
  "https://www.ipa.go.jp/security/jc-star/guidance/",
  "https://www.ipa.go.jp/security/jc-star/detail.html",
  "https://www.legislation.gov.uk/uksi/2025/1267",
]);

type Item = { id: string; keys: readonly string[]; registry: SourceRegistry };

/** Every sourced data item of the scheme files, with the keys it names. */
function sourcedItems(): Item[] {
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
  return items;
}

const isOfficial = (item: Item) => item.keys.some((k) => item.registry[k]?.confidence === "official");

describe("official confidence only where the reference says so", () => {
  it("maps every data item with an official source to a fact of jc-star-2026.md", () => {
    const official = sourcedItems()
      .filter(isOfficial)
      .map((i) => i.id);
    const unlisted = official.filter((id) => !(id in OFFICIAL_FACTS));
    expect(unlisted).toEqual([]);
    const stale = Object.keys(OFFICIAL_FACTS).filter((id) => !official.includes(id));
    expect(stale).toEqual([]);
  });

  it("gives `official` only to the pages the reference marks official, always by https URL", () => {
    const registries = [SHARED_SOURCES.sources, ...loadCatalog().versions.map((v) => v.sources)];
    for (const registry of registries) {
      for (const [key, s] of Object.entries(registry)) {
        if (s.confidence === "official") expect(OFFICIAL_SOURCES.has(s.url ?? ""), key).toBe(true);
        if (s.url) expect(s.url).toMatch(/^https:\/\//);
      }
    }
  });

  it("keeps the facts the reference says have no official source off `official`", () => {
    const items = new Map(sourcedItems().map((i) => [i.id, i]));
    for (const id of [
      "fees:psti:-:-",
      "schedule:acceptanceDays",
      "catalog:star1-2025.05.05:S1.1-01:notApplicable",
      "catalog:star1-2025.05.05:S1.1-03:notApplicable",
      "catalog:star1-2025.05.05:S1.1-16:ukPstiDeemedMet",
      "catalog:star1-2025.05.05:S1.1-16:crosswalk",
      "forms:confirmation:noAdvertising",
    ]) {
      const item = items.get(id);
      expect(item, id).toBeDefined();
      expect(isOfficial(item as Item), id).toBe(false);
    }
  });
});
