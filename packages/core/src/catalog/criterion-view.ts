import type { I18nText } from "../i18n/text.ts";
import type { CatalogVersion, Criterion, EvaluationMethod } from "./criterion.ts";

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
  crosswalk: Criterion["crosswalk"];
  source: Criterion["source"];
};

export function criterionView(version: CatalogVersion, criterion: Criterion): CriterionView {
  const category = version.categories.find((c) => c.id === criterion.category);
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
    crosswalk: criterion.crosswalk,
    source: criterion.source,
  };
}
