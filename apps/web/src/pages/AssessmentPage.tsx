import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { client, ok, seg } from "../api/client.ts";
import type { Assessment, Criterion, Evidence, Guide, Product } from "../api/types.ts";
import { BulkConformant } from "../components/BulkConformant.tsx";
import { CriterionCard } from "../components/CriterionCard.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { type Failure, useFormAction } from "../components/form-action.ts";
import { ReadinessSummary } from "../components/ReadinessSummary.tsx";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";
import { pick } from "../i18n/index.ts";

type Data = {
  assessment: Assessment;
  criteria: Criterion[];
  evidence: Evidence[];
  product: Product;
  guides: Guide[];
};

async function loadData(assessmentId: string): Promise<Data> {
  const assessment = await ok(
    client.GET("/api/assessments/{assessmentId}", { params: { path: { assessmentId } } }),
  );
  const [criteria, evidence, product, guides] = await Promise.all([
    ok(
      client.GET("/api/catalog/versions/{version}/criteria", {
        params: { path: { version: assessment.catalogVersion } },
      }),
    ),
    ok(client.GET("/api/evidence")),
    ok(client.GET("/api/products/{productId}", { params: { path: { productId: assessment.productId } } })),
    ok(client.GET("/api/guides")),
  ]);
  return { assessment, criteria, evidence, product, guides };
}

function groupByCategory(
  criteria: Criterion[],
): { category: string; name: Criterion["categoryName"]; items: Criterion[] }[] {
  const groups: { category: string; name: Criterion["categoryName"]; items: Criterion[] }[] = [];
  for (const c of criteria) {
    const group = groups.find((g) => g.category === c.category);
    if (group) group.items.push(c);
    else groups.push({ category: c.category, name: c.categoryName, items: [c] });
  }
  return groups;
}

/** A self-assessment: readiness summary on top, then every criterion grouped by category. */
export function AssessmentPage() {
  const { t, i18n } = useTranslation();
  const { assessmentId = "" } = useParams();
  const { hash } = useLocation();
  const { canEdit, state } = useSession();
  const tester = state.status === "signedIn" ? (state.me?.user.name ?? "") : "";
  const [data, setData] = useState<Data | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const { failure, run } = useFormAction();

  const reload = useCallback(async () => {
    const result = await run(() => loadData(assessmentId));
    if (result.ok) setData(result.value);
  }, [assessmentId, run]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const loaded = data !== null;
  useEffect(() => {
    if (loaded && hash) document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView();
  }, [loaded, hash]);

  const onSaved = useCallback(async () => {
    setConflict(null);
    await reload();
  }, [reload]);
  const onConflict = useCallback(
    async (f: Failure) => {
      setConflict(`${t("conflict.reloaded")} (${f.message})`);
      await reload();
    },
    [reload, t],
  );
  // Evidence recorded on this page belongs to this product even before a save links it.
  const [recordedHere, setRecordedHere] = useState<string[]>([]);
  const onEvidenceCreated = useCallback((e: Evidence) => {
    setData((d) => (d ? { ...d, evidence: [e, ...d.evidence] } : d));
    setRecordedHere((ids) => [...ids, e.id]);
  }, []);
  const productEvidenceIds = useMemo(
    () =>
      new Set([
        ...(data?.assessment.results.flatMap((r) => r.evidence.map((e) => e.id)) ?? []),
        ...recordedHere,
      ]),
    [data, recordedHere],
  );

  if (!data) return failure ? <FormError failure={failure} /> : <Loading />;
  const { assessment, criteria, product } = data;
  const lang = i18n.language;

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">{t("nav.products")}</Link> ›{" "}
        <Link to={`/products/${seg(product.id)}`}>{product.name}</Link>
      </p>
      <h1>{t("assessment.title", { name: product.name })}</h1>
      <p className="meta">{t("assessment.catalog", { version: assessment.catalogVersion })}</p>
      <p>
        <Link to={`/products/${seg(product.id)}/evidence`}>{t("vaultPage.link")}</Link>
      </p>
      {canEdit ? null : <p className="notice">{t("common.readOnly")}</p>}
      {conflict ? (
        <p className="form-error" role="alert">
          {conflict}
        </p>
      ) : null}
      <ReadinessSummary readiness={assessment.readiness} productId={product.id} productName={product.name} />
      {canEdit ? (
        <BulkConformant
          assessmentId={assessment.id}
          criteria={criteria}
          results={assessment.results}
          onSaved={onSaved}
        />
      ) : null}
      {groupByCategory(criteria).map((group) => (
        <section key={group.category} className="category" aria-labelledby={`category-${group.category}`}>
          <h2 id={`category-${group.category}`}>{pick(group.name, lang)}</h2>
          {group.items.map((c) => {
            const result = assessment.results.find((r) => r.criterionId === c.id);
            if (!result) return null;
            return (
              <CriterionCard
                key={c.id}
                assessmentId={assessment.id}
                productId={product.id}
                criterion={c}
                result={result}
                readiness={assessment.readiness.criteria.find((r) => r.criterionId === c.id)}
                evidence={data.evidence}
                productEvidenceIds={productEvidenceIds}
                canEdit={canEdit}
                guide={data.guides.find((g) => g.criterion === c.id)}
                tester={tester}
                onEvidenceCreated={onEvidenceCreated}
                onSaved={onSaved}
                onConflict={onConflict}
              />
            );
          })}
        </section>
      ))}
    </section>
  );
}
