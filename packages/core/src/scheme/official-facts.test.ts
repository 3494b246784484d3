import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import { SHARED_SOURCES } from "./shared-sources.ts";
import { type SourcedItem as Item, sourcedItems } from "./sourced-items.ts";

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
  "labels:states":
    "E-mail IPA for an application number (申請番号), then send the documents; fee paid after acceptance (IPA application page)",
  "labels:actions":
    "E-mail IPA for an application number (申請番号), then send the documents; fee paid after acceptance (IPA application page)",
  "lifecycle:validity": "Validity: up to 2 years from issuance, whatever the level (IPA application page)",
  "claims:no-complete-security":
    "Label use: must not suggest complete security (ipa.go.jp/security/jc-star/guidance/)",
  "claims:no-vulnerability-free":
    "Label use: must not suggest absence of vulnerabilities (ipa.go.jp/security/jc-star/guidance/)",
  "claims:no-endorsement": "Label use: must not suggest endorsement (ipa.go.jp/security/jc-star/guidance/)",
  "claims:no-safe-any-environment":
    "Label use: must not suggest being safe in any environment (ipa.go.jp/security/jc-star/guidance/)",
  "claims:psti-needs-current-label":
    "UK SI 2025/1267: a current STAR-1 label counts as meeting the PSTI security requirements (official)",
};

/** The official sources jc-star-2026.md names, by URL or document ID. */
const OFFICIAL_SOURCES = new Set([
  "https://www.ipa.go.jp/security/jc-star/shinsei/",
  "https://www.ipa.go.jp/security/jc-star/guidance/",
  "https://www.ipa.go.jp/security/jc-star/detail.html",
  "https://www.legislation.gov.uk/uksi/2025/1267",
]);

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
      "claims:no-claims-before-acceptance",
      "claims:star1-is-self-declaration",
      "claims:no-equivalence-beyond-routes",
      "lifecycle:statuses",
      "lifecycle:grace:-:-",
      "lifecycle:extension",
    ]) {
      const item = items.get(id);
      expect(item, id).toBeDefined();
      expect(isOfficial(item as Item), id).toBe(false);
    }
  });
});
