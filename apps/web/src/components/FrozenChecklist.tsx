import { useTranslation } from "react-i18next";
import { formatDay } from "../i18n/dates.ts";
import { pick } from "../i18n/index.ts";
import { type FrozenEvidence, type FrozenRow, groupEvidence, titleIn } from "./frozen-rows.ts";

function EvidenceLine({ e, fileUrl }: { e: FrozenEvidence; fileUrl: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <>
      {e.hasFile ? (
        <a href={fileUrl(e.id)} download data-testid="frozen-evidence-link">
          {titleIn(e, lang)}
        </a>
      ) : (
        <span>{titleIn(e, lang)}</span>
      )}
      {e.verdict ? <span className={`badge verdict-${e.verdict.toLowerCase()}`}> {e.verdict}</span> : null}
      {e.testedOn ? (
        <span className="meta"> {t("frozen.testedOn", { date: formatDay(e.testedOn, lang) })}</span>
      ) : null}
    </>
  );
}

/**
 * The checklist as it was frozen: per criterion its result and evidence, in the reader's language, the newest run
 * of each device test shown and the older runs folded, each evidence a link to its file.
 */
export function FrozenChecklist({ rows, fileUrl }: { rows: FrozenRow[]; fileUrl: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="frozen-scroll">
      <table className="frozen-checklist" data-testid="frozen-checklist">
        <thead>
          <tr>
            <th scope="col">{t("frozen.criterion")}</th>
            <th scope="col">{t("frozen.state")}</th>
            <th scope="col">{t("frozen.evidence")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.criterionId} data-criterion={r.criterionId}>
              <th scope="row">
                <span className="mono">{r.criterionId}</span>
                {r.title ? <div className="meta">{pick(r.title, lang)}</div> : null}
              </th>
              <td>
                {r.deemedMet ? t("tiles.deemed_met") : t(`states.${r.state}`)}
                {r.naReason ? <div className="meta">{r.naReason}</div> : null}
              </td>
              <td>
                {r.evidence.length === 0 ? <span className="meta">{t("frozen.none")}</span> : null}
                <ul className="compact">
                  {groupEvidence(r.evidence, lang).map((g) => (
                    <li key={g.newest.id} data-testid="frozen-evidence">
                      <EvidenceLine e={g.newest} fileUrl={fileUrl} />
                      {g.older.length > 0 ? (
                        <details className="older-runs">
                          <summary>{t("frozen.olderRuns", { count: g.older.length })}</summary>
                          <ul className="compact">
                            {g.older.map((o) => (
                              <li key={o.id}>
                                <EvidenceLine e={o} fileUrl={fileUrl} />
                              </li>
                            ))}
                          </ul>
                        </details>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
