import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { seg } from "../api/client.ts";
import type { Readiness } from "../api/types.ts";
import { pick } from "../i18n/index.ts";
import { ReadinessLegend, ReadinessTiles } from "./ReadinessTiles.tsx";

/** Criterion id the server gives blockers of the application form (APPLICATION_BLOCKER_SCOPE in core). */
const APPLICATION_SCOPE = "application";

/**
 * The top of an assessment: ready or not, the 16 tiles and every blocker with a link to its criterion (or to the
 * application form). Everything shown is the server's readiness — the same one sign-off and the package enforce.
 */
export function ReadinessSummary({
  readiness,
  productId,
  productName,
}: {
  readiness: Readiness;
  productId: string;
  productName: string;
}) {
  const { t, i18n } = useTranslation();
  const { counts } = readiness;
  return (
    <section
      className={`summary ${readiness.ready ? "summary-ready" : "summary-blocked"}`}
      aria-labelledby="summary-heading"
    >
      <h2 id="summary-heading">{t("readiness.title")}</h2>
      <p className="summary-status" data-testid="readiness-status" role="status">
        {readiness.ready ? t("readiness.ready") : t("readiness.notReady")}
      </p>
      <p>
        {t("readiness.counts", {
          ready: counts.ready,
          total: counts.total,
          blocked: counts.blocked,
          deemed: counts.deemedMet,
        })}
        {" · "}
        {t("readiness.route", { route: t(`routes.${readiness.route}`) })}
      </p>
      <ReadinessTiles
        criteria={readiness.criteria}
        label={t("tiles.label", { name: productName })}
        linkTo={(id) => `#criterion-${id}`}
      />
      <ReadinessLegend />
      {readiness.blockers.length > 0 ? (
        <>
          <h3>{t("readiness.blockers", { count: readiness.blockers.length })}</h3>
          <ul className="blocker-list" data-testid="blockers">
            {readiness.blockers.map((b) => (
              <li key={`${b.criterionId}-${b.code}-${b.message.en}`}>
                {b.criterionId === APPLICATION_SCOPE ? (
                  <Link to={`/products/${seg(productId)}/application-form`}>
                    {t("readiness.applicationForm")}
                  </Link>
                ) : (
                  <a href={`#criterion-${b.criterionId}`}>{b.criterionId}</a>
                )}{" "}
                {pick(b.message, i18n.language)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
