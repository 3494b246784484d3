import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { client, ok, type Schemas, seg } from "../api/client.ts";
import { FormError } from "../components/FormMessage.tsx";
import { useErrorMessage } from "../components/form-action.ts";
import { ReadinessLegend, ReadinessTiles } from "../components/ReadinessTiles.tsx";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";

type Row = {
  product: Schemas["Product"];
  assessment: Schemas["AssessmentSummary"] | null;
  readiness: Schemas["Readiness"] | null;
};

async function loadRows(): Promise<{ rows: Row[]; criteria: Schemas["Criterion"][] }> {
  const [products, criteria] = await Promise.all([
    ok(client.GET("/api/products")),
    ok(client.GET("/api/criteria")),
  ]);
  const rows = await Promise.all(
    products.map(async (product) => {
      const assessments = await ok(
        client.GET("/api/products/{productId}/assessments", { params: { path: { productId: product.id } } }),
      );
      const assessment = assessments[0] ?? null;
      const readiness = assessment
        ? await ok(
            client.GET("/api/assessments/{assessmentId}/readiness", {
              params: { path: { assessmentId: assessment.id } },
            }),
          )
        : null;
      return { product, assessment, readiness };
    }),
  );
  return { rows, criteria };
}

function Status({ row }: { row: Row }) {
  const { t } = useTranslation();
  if (!row.readiness) return <span className="status status-none">{t("products.notStarted")}</span>;
  if (row.readiness.ready) return <span className="status status-ready">{t("readiness.ready")}</span>;
  return (
    <span className="status status-blocked">
      {t("readiness.blockedCount", { count: row.readiness.blockers.length })}
    </span>
  );
}

/** Products of the organisation, each with its readiness as 16 tiles. */
export function ProductListPage() {
  const { t } = useTranslation();
  const { canEdit } = useSession();
  const messageOf = useErrorMessage();
  const [data, setData] = useState<{ rows: Row[]; criteria: Schemas["Criterion"][] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadRows().then(setData, (e: unknown) => setError(messageOf(e)));
  }, [messageOf]);

  return (
    <section>
      <div className="page-head">
        <h1>{t("products.title")}</h1>
        {canEdit ? (
          <Link className="button" to="/products/new">
            {t("products.new")}
          </Link>
        ) : null}
      </div>
      <FormError message={error} />
      {!data && !error ? <Loading /> : null}
      {data && data.rows.length === 0 ? <p>{t("products.empty")}</p> : null}
      {data && data.rows.length > 0 ? (
        <>
          <ReadinessLegend />
          <ul className="product-list">
            {data.rows.map((row) => {
              const criteria =
                row.readiness?.criteria ??
                data.criteria.map((c) => ({
                  criterionId: c.id,
                  title: c.title,
                  state: "not_assessed" as const,
                  deemedMet: false,
                  ready: false,
                }));
              return (
                <li key={row.product.id} className="product-row" data-testid="product-row">
                  <h2>
                    <Link to={`/products/${seg(row.product.id)}`}>{row.product.name}</Link>
                  </h2>
                  <p className="meta">
                    {t(`categories.${row.product.category}`)} · <Status row={row} />
                    {row.assessment ? (
                      <>
                        {" · "}
                        <Link to={`/assessments/${seg(row.assessment.id)}`}>
                          {t("products.openAssessment", { name: row.product.name })}
                        </Link>
                      </>
                    ) : null}
                  </p>
                  <ReadinessTiles criteria={criteria} label={t("tiles.label", { name: row.product.name })} />
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
