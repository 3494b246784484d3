import { useState } from "react";
import { useTranslation } from "react-i18next";
import { inLang } from "../api/evidence-text.ts";
import type { Criterion, Evidence } from "../api/types.ts";
import { evidenceLabel } from "./EvidenceForms.tsx";
import { CheckboxField } from "./Field.tsx";

/** Evidence that fits a criterion's method: documents for a document criterion, device tests (photos, logs…) for a device one. */
export function fitsMethod(criterion: Pick<Criterion, "method">, e: Evidence): boolean {
  if (criterion.method === "document") return e.type === "document";
  if (criterion.method === "device") return e.type === "device_test";
  return true;
}

/** What a search matches: the label people see, the title and the file name. */
function matches(e: Evidence, label: string, query: string, lang: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const local = inLang(e, lang);
  return [label, local.title, e.file?.originalName ?? "", e.deviceTestResult?.key ?? ""].some((s) =>
    s.toLowerCase().includes(q),
  );
}

type Props = {
  prefix: string;
  criterion: Criterion;
  /** Every evidence of the organisation, with the records already linked to this criterion. */
  choices: Evidence[];
  selected: Set<string>;
  /** Evidence of this product (linked on its assessment or just recorded here). */
  ofProduct: ReadonlySet<string>;
  onToggle: (id: string, on: boolean) => void;
};

/**
 * The evidence checkboxes of a verdict: by default what fits the criterion's method and the product (and what is
 * selected), with a search box and a "show all" toggle.
 */
export function EvidencePicker({ prefix, criterion, choices, selected, ofProduct, onToggle }: Props) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState("");
  const [all, setAll] = useState(false);
  const lang = i18n.language;
  const shown = choices
    .filter((e) => all || selected.has(e.id) || (fitsMethod(criterion, e) && ofProduct.has(e.id)))
    .map((e) => ({ e, label: evidenceLabel(e, t, lang) }))
    .filter(({ e, label }) => selected.has(e.id) || matches(e, label, query, lang));
  return (
    <>
      <div className="picker-tools">
        <div className="field">
          <label htmlFor={`${prefix}-ev-search`}>{t("picker.search")}</label>
          <input
            id={`${prefix}-ev-search`}
            type="search"
            value={query}
            aria-describedby={`${prefix}-ev-search-hint`}
            onChange={(ev) => setQuery(ev.target.value)}
          />
          <p className="hint" id={`${prefix}-ev-search-hint`}>
            {t("picker.searchHint")}
          </p>
        </div>
        <CheckboxField id={`${prefix}-ev-all`} label={t("picker.showAll")} checked={all} onChange={setAll} />
      </div>
      {all ? null : (
        <p className="hint" data-testid="picker-scope">
          {t("picker.fitting", { method: t(`picker.methods.${criterion.method}`) })}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="hint">{t(query ? "picker.noMatch" : "verdict.noEvidence")}</p>
      ) : null}
      {shown.map(({ e, label }) => (
        <CheckboxField
          key={e.id}
          id={`${prefix}-ev-${e.id}`}
          label={label}
          checked={selected.has(e.id)}
          onChange={(on) => onToggle(e.id, on)}
        />
      ))}
    </>
  );
}
