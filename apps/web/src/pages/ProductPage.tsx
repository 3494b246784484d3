import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { client, ok, seg } from "../api/client.ts";
import type { AssessmentSummary, Product } from "../api/types.ts";
import { FirmwareReleases } from "../components/FirmwareReleases.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { ModelNumbers } from "../components/ModelNumbers.tsx";
import { NextStep } from "../components/NextStep.tsx";
import { PRODUCT_FIELDS, ProductForm, productBody, productValues } from "../components/ProductForm.tsx";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";

function Assessments({ productId, canEdit }: { productId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [items, setItems] = useState<AssessmentSummary[] | null>(null);
  const list = useFormAction();
  const start = useFormAction();
  const listRun = list.run;
  useEffect(() => {
    void listRun(() =>
      ok(client.GET("/api/products/{productId}/assessments", { params: { path: { productId } } })),
    ).then((r) => {
      if (r.ok) setItems(r.value);
    });
  }, [productId, listRun]);

  async function begin() {
    const result = await start.run(() =>
      ok(client.POST("/api/products/{productId}/assessments", { params: { path: { productId } }, body: {} })),
    );
    if (result.ok) navigate(`/assessments/${seg(result.value.id)}`);
  }

  return (
    <section className="panel" aria-labelledby="assessments-heading">
      <h2 id="assessments-heading">{t("assessments.title")}</h2>
      <FormError failure={list.failure ?? start.failure} />
      {items && items.length === 0 ? <p>{t("assessments.empty")}</p> : null}
      {items && items.length > 0 ? (
        <ul className="plain-list">
          {items.map((a) => (
            <li key={a.id}>
              <Link to={`/assessments/${seg(a.id)}`}>
                {t("assessments.open", { version: a.catalogVersion })}
              </Link>
              <span className="meta"> — {t("assessments.updated", { date: a.updatedAt.slice(0, 10) })}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit && items ? (
        <button type="button" onClick={() => void begin()} disabled={start.busy}>
          {t("assessments.start")}
        </button>
      ) : null}
    </section>
  );
}

/** One product: its details (editable by editors), model numbers, firmware releases and assessments. */
export function ProductPage() {
  const { t } = useTranslation();
  const { productId = "" } = useParams();
  const { canEdit } = useSession();
  const [product, setProduct] = useState<Product | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useFormAction();
  const save = useFormAction(PRODUCT_FIELDS);
  const loadRun = load.run;

  const reload = useCallback(async () => {
    const result = await loadRun(() =>
      ok(client.GET("/api/products/{productId}", { params: { path: { productId } } })),
    );
    if (result.ok) setProduct(result.value);
  }, [productId, loadRun]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!product) return load.failure ? <FormError failure={load.failure} /> : <Loading />;

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">{t("nav.products")}</Link>
      </p>
      <h1>{product.name}</h1>
      <NextStep key={product.version} productId={product.id} canEdit={canEdit} />
      <p>
        <Link to={`/products/${seg(product.id)}/evidence`}>{t("vaultPage.link")}</Link>
        {" · "}
        <Link to={`/products/${seg(product.id)}/device-tests`}>{t("deviceTests.link")}</Link>
      </p>
      <p>
        <Link to={`/products/${seg(product.id)}/documents`}>{t("documentsPage.link")}</Link>
      </p>
      <p>
        <Link to={`/products/${seg(product.id)}/package`}>{t("packagePage.link")}</Link>
        {" · "}
        <Link to={`/products/${seg(product.id)}/application-form`}>{t("formPage.link")}</Link>
      </p>
      <p>
        <Link to={`/products/${seg(product.id)}/publication`}>{t("publicationPage.link")}</Link>
        {" · "}
        <Link to={`/products/${seg(product.id)}/claims`}>{t("claimsPage.link")}</Link>
      </p>
      <Assessments productId={product.id} canEdit={canEdit} />
      <section className="panel" aria-labelledby="details-heading">
        <h2 id="details-heading">{t("product.details")}</h2>
        {canEdit ? null : <p className="notice">{t("common.readOnly")}</p>}
        <FormSuccess message={notice} />
        <ProductForm
          key={product.version}
          draftKey={`product:${product.id}`}
          initial={productValues(product)}
          readOnly={!canEdit}
          busy={save.busy}
          failure={save.failure}
          submitLabel={t("common.save")}
          onSave={async (values) => {
            setNotice(null);
            const result = await save.run(() =>
              ok(
                client.PATCH("/api/products/{productId}", {
                  params: { path: { productId: product.id } },
                  body: { ...productBody(values), version: product.version },
                }),
              ),
            );
            if (!result.ok) {
              if (result.failure.code === "VERSION_CONFLICT") {
                sessionStorage.removeItem(`jcstar.draft.product:${product.id}`);
                await reload();
                save.setFailure({ ...result.failure, message: t("conflict.reloaded") });
              }
              return false;
            }
            setProduct(result.value);
            setNotice(t("common.saved"));
            return true;
          }}
        />
      </section>
      <ModelNumbers productId={product.id} canEdit={canEdit} />
      <FirmwareReleases productId={product.id} canEdit={canEdit} />
    </section>
  );
}
