import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, ok, seg } from "../api/client.ts";
import type { Evidence, Product, VerifyReport } from "../api/types.ts";
import { bundleUrl } from "../api/vault.ts";
import { EvidenceFileItem } from "../components/EvidenceFileItem.tsx";
import { CheckboxField } from "../components/Field.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";

type Item = { evidence: Evidence; criteria: string[] };
type Data = { product: Product; items: Item[]; criteria: string[] };

/** The product, and every evidence file linked to a criterion of any of its assessments (newest first). */
async function loadData(productId: string): Promise<Data> {
  const [product, summaries] = await Promise.all([
    ok(client.GET("/api/products/{productId}", { params: { path: { productId } } })),
    ok(client.GET("/api/products/{productId}/assessments", { params: { path: { productId } } })),
  ]);
  const assessments = await Promise.all(
    summaries.map((s) =>
      ok(client.GET("/api/assessments/{assessmentId}", { params: { path: { assessmentId: s.id } } })),
    ),
  );
  const byId = new Map<string, Item>();
  for (const a of assessments) {
    for (const r of a.results) {
      for (const e of r.evidence) {
        if (!e.file) continue;
        const item = byId.get(e.id) ?? { evidence: e, criteria: [] };
        if (!item.criteria.includes(r.criterionId)) item.criteria.push(r.criterionId);
        byId.set(e.id, item);
      }
    }
  }
  const items = [...byId.values()].sort((a, b) => b.evidence.createdAt.localeCompare(a.evidence.createdAt));
  const newest = [...assessments].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return { product, items, criteria: newest ? newest.results.map((r) => r.criterionId) : [] };
}

/** Owners re-hash every file and walk the audit chain; the report lists each problem. */
function VerifyPanel({ onVerified }: { onVerified: () => Promise<void> }) {
  const { t } = useTranslation();
  const { isOwner } = useSession();
  const [report, setReport] = useState<VerifyReport | null>(null);
  const { busy, failure, run } = useFormAction();

  async function verify() {
    setReport(null);
    const result = await run(() => ok(client.POST("/api/vault/verify")));
    if (!result.ok) return;
    setReport(result.value);
    await onVerified();
  }

  return (
    <section className="panel" aria-labelledby="verify-heading">
      <h2 id="verify-heading">{t("vaultPage.verifyTitle")}</h2>
      <p>{t("vaultPage.verifyIntro")}</p>
      {isOwner ? (
        <button type="button" onClick={() => void verify()} disabled={busy}>
          {t("vaultPage.verifyRun")}
        </button>
      ) : (
        <p className="notice">{t("vaultPage.verifyOwnerOnly")}</p>
      )}
      <FormError failure={failure} />
      {report?.ok ? (
        <p className="form-success" role="status" data-testid="verify-report" data-ok="true">
          ✓ {t("vaultPage.verifyOk", report)}
        </p>
      ) : null}
      {report && !report.ok ? (
        <div className="form-error" role="alert" data-testid="verify-report" data-ok="false">
          <p>✗ {t("vaultPage.verifyFailed", { count: report.problems.length })}</p>
          <ul>
            {report.problems.map((p) => (
              <li key={`${p.code}:${p.ref}`}>
                <code>{p.code}</code> <span className="mono break">{p.ref}</span> — {p.detail}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/** A ZIP of all evidence of the product, or of the chosen criteria only. */
function BundlePanel({ productId, criteria }: { productId: string; criteria: string[] }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string[]>([]);
  const toggle = (id: string) => (on: boolean) =>
    setChosen((list) => (on ? [...list, id] : list.filter((c) => c !== id)));
  const ordered = criteria.filter((c) => chosen.includes(c));
  return (
    <section className="panel" aria-labelledby="bundle-heading">
      <h2 id="bundle-heading">{t("vaultPage.bundleTitle")}</h2>
      <p>{t("vaultPage.bundleIntro")}</p>
      <fieldset className="criteria-choice">
        <legend>{t("vaultPage.bundleCriteria")}</legend>
        {criteria.map((c) => (
          <CheckboxField
            key={c}
            id={`bundle-${c}`}
            label={c}
            checked={chosen.includes(c)}
            onChange={toggle(c)}
          />
        ))}
      </fieldset>
      <p>
        <a className="button" href={bundleUrl(productId, ordered)} download data-testid="bundle-link">
          {ordered.length ? t("vaultPage.bundleSome", { count: ordered.length }) : t("vaultPage.bundleAll")}
        </a>
      </p>
    </section>
  );
}

/** All evidence files of a product, the vault verification (owners) and the evidence bundle. */
export function EvidencePage() {
  const { t } = useTranslation();
  const { productId = "" } = useParams();
  const { canEdit } = useSession();
  const [data, setData] = useState<Data | null>(null);
  const { failure, run } = useFormAction();

  const reload = useCallback(async () => {
    const result = await run(() => loadData(productId));
    if (result.ok) setData(result.value);
  }, [productId, run]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!data) return failure ? <FormError failure={failure} /> : <Loading />;
  const { product, items } = data;
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">{t("nav.products")}</Link> ›{" "}
        <Link to={`/products/${seg(product.id)}`}>{product.name}</Link>
      </p>
      <h1>{t("vaultPage.title", { name: product.name })}</h1>
      <p>{t("vaultPage.intro")}</p>
      <FormError failure={failure} />
      <section className="panel" aria-labelledby="files-heading">
        <h2 id="files-heading">{t("upload.title")}</h2>
        {items.length === 0 ? <p>{t("vaultPage.empty")}</p> : null}
        <ul className="file-list">
          {items.map(({ evidence, criteria }) => (
            <EvidenceFileItem
              key={evidence.id}
              idPrefix={`vault-${evidence.id}`}
              evidence={evidence}
              criteria={criteria}
              canEdit={canEdit}
              onChanged={() => void reload()}
            />
          ))}
        </ul>
      </section>
      <VerifyPanel onVerified={reload} />
      <BundlePanel productId={product.id} criteria={data.criteria} />
    </section>
  );
}
