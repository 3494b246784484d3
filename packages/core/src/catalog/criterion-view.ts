import type { I18nText } from "../i18n/text.ts";
import type { SourceRef } from "../scheme/source-ref.ts";
import { type FactSources, factSources } from "../scheme/source-registry.ts";
import type { CatalogVersion, Criterion, CrosswalkRow, EvaluationMethod } from "./criterion.ts";

/** The public shape of a criterion, as the API and `jcstar criteria --json` show it. */
export type CriterionView = {
  id: string;
  catalogVersion: string;
  category: string;
  categoryName: I18nText;
  title: I18nText;
  summary: I18nText;
  method: EvaluationMethod;
  notApplicableWhen: I18nText | null;
  evidence: Criterion["evidence"];
  crosswalk: {
    etsiEn303645: CrosswalkRow[];
    ukPstiDeemedMet: boolean;
    /** "jcstar's own mapping, not official": shown wherever the crosswalk is. */
    notice: I18nText;
    sources: SourceRef[];
  };
  /** The sources of each fact, and the "unverified" mark where none is official. */
  facts: {
    requirement: FactSources;
    method: FactSources;
    notApplicable: FactSources | null;
    ukPstiDeemedMet: FactSources | null;
  };
  /** The checklist version and the criteria document (by its ID) it rests on. */
  document: { checklist: I18nText; criteriaDocumentId: string; criteriaDocumentDate: string };
};

export function criterionView(version: CatalogVersion, criterion: Criterion): CriterionView {
  const category = version.categories.find((c) => c.id === criterion.category);
  const fact = (keys: readonly string[]) => factSources(version.sources, keys, version.unverifiedMark);
  const s = criterion.sources;
  return {
    id: criterion.id,
    catalogVersion: version.version,
    category: criterion.category,
    categoryName: category?.name ?? { ja: criterion.category, en: criterion.category },
    title: criterion.title,
    summary: criterion.summary,
    method: criterion.method,
    notApplicableWhen: criterion.notApplicable?.when ?? null,
    evidence: criterion.evidence,
    crosswalk: {
      etsiEn303645: criterion.crosswalk.etsiEn303645,
      ukPstiDeemedMet: criterion.crosswalk.ukPstiDeemedMet,
      notice: version.crosswalkNotice,
      sources: fact(criterion.crosswalk.sources ?? []).sources,
    },
    facts: {
      requirement: fact(s.requirement),
      method: fact(s.method),
      notApplicable: s.notApplicable ? fact(s.notApplicable) : null,
      ukPstiDeemedMet: s.ukPstiDeemedMet ? fact(s.ukPstiDeemedMet) : null,
    },
    document: {
      checklist: version.title,
      criteriaDocumentId: version.source.criteriaDocument.documentId,
      criteriaDocumentDate: version.source.criteriaDocument.date,
    },
  };
}
