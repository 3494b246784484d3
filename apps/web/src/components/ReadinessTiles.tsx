import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ReadinessCriterion } from "../api/types.ts";
import { pick } from "../i18n/index.ts";

export const TILE_STATES = [
  "conformant",
  "not_applicable",
  "deemed_met",
  "non_conformant",
  "not_assessed",
  "blocked",
] as const;
export type TileState = (typeof TILE_STATES)[number];

const SYMBOL: Record<TileState, string> = {
  conformant: "✓",
  not_applicable: "–",
  deemed_met: "≡",
  non_conformant: "✕",
  not_assessed: "?",
  blocked: "!",
};

/** The tile colour of one criterion: deemed met first, then the recorded state, blocked when a rule still blocks it. */
export function tileState(c: Pick<ReadinessCriterion, "state" | "deemedMet" | "ready">): TileState {
  if (c.deemedMet) return "deemed_met";
  if (c.state === "non_conformant") return "non_conformant";
  if (c.state === "not_assessed") return "not_assessed";
  if (!c.ready) return "blocked";
  return c.state;
}

type TileCriterion = Pick<ReadinessCriterion, "criterionId" | "state" | "deemedMet" | "ready"> & {
  title?: ReadinessCriterion["title"];
};

/** A compact chart: one coloured tile (with a symbol, not only a colour) per criterion. */
export function ReadinessTiles({
  criteria,
  label,
  linkTo,
}: {
  criteria: TileCriterion[];
  label: string;
  linkTo?: (criterionId: string) => string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="tiles" aria-label={label}>
      {criteria.map((c) => {
        const state = tileState(c);
        const title = c.title ? pick(c.title, i18n.language) : "";
        const text = `${c.criterionId}${title ? ` ${title}` : ""}: ${t(`tiles.${state}`)}`;
        const inner = (
          <>
            <span aria-hidden="true" className="tile-symbol">
              {SYMBOL[state]}
            </span>
            <span className="visually-hidden">{text}</span>
          </>
        );
        return (
          <li key={c.criterionId} className={`tile tile-${state}`} title={text} data-state={state}>
            {linkTo ? <Link to={linkTo(c.criterionId)}>{inner}</Link> : inner}
          </li>
        );
      })}
    </ol>
  );
}

export function ReadinessLegend() {
  const { t } = useTranslation();
  return (
    <div className="legend">
      <ul aria-label={t("tiles.legend")}>
        {TILE_STATES.map((state) => (
          <li key={state}>
            <span className={`tile tile-${state}`} aria-hidden="true">
              <span className="tile-symbol">{SYMBOL[state]}</span>
            </span>
            {t(`tiles.${state}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
