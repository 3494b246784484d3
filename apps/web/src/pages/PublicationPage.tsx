import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, ok, seg } from "../api/client.ts";
import { type DocumentContact, documentContact } from "../api/document-contact.ts";
import {
  labelLinks,
  PUBLICATION_FIELDS,
  type Publication,
  type PublicationSettings,
  type PublicLabel,
  productLabels,
  productPagePath,
} from "../api/publication.ts";
import type { Product } from "../api/types.ts";
import { CheckboxField, Group, TextField } from "../components/Field.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";

type Values = {
  published: boolean;
  slug: string;
  show: PublicationSettings["show"];
  vulnerabilityContact: string;
  vulnerabilityPolicyUrl: string;
  securityTxtUrl: string;
  updateJa: string;
  updateEn: string;
};

const FIELDS = [
  "slug",
  "vulnerabilityContact",
  "vulnerabilityPolicyUrl",
  "securityTxtUrl",
  "updateProcedure.ja",
  "updateProcedure.en",
];

/** The stored settings; a contact field left empty starts from what the documents already say (`docs`). */
function valuesOf(p: Publication, docs: DocumentContact | null = null): Values {
  return {
    published: p.published,
    slug: p.slug ?? "",
    show: { ...p.show },
    vulnerabilityContact: p.vulnerabilityContact ?? docs?.contact ?? "",
    vulnerabilityPolicyUrl: p.vulnerabilityPolicyUrl ?? docs?.policyUrl ?? "",
    securityTxtUrl: p.securityTxtUrl ?? docs?.securityTxtUrl ?? "",
    updateJa: p.updateProcedure?.ja ?? "",
    updateEn: p.updateProcedure?.en ?? "",
  };
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

function bodyOf(v: Values, version: number): PublicationSettings & { version: number } {
  const ja = v.updateJa.trim();
  const en = v.updateEn.trim();
  return {
    version,
    published: v.published,
    slug: orNull(v.slug),
    show: v.show,
    vulnerabilityContact: orNull(v.vulnerabilityContact),
    vulnerabilityPolicyUrl: orNull(v.vulnerabilityPolicyUrl),
    securityTxtUrl: orNull(v.securityTxtUrl),
    updateProcedure: ja || en ? { ja, en } : null,
  };
}

/** Links to the server-rendered public pages: the product page and the registry page of each label. */
function PublicLinks({ publication, labels }: { publication: Publication; labels: PublicLabel[] }) {
  const { t, i18n } = useTranslation();
  const path = productPagePath(publication);
  const lang = i18n.language === "en" ? "en" : "ja";
  return (
    <section className="panel" aria-labelledby="public-page-heading">
      <h2 id="public-page-heading">{t("publicationPage.pageTitle")}</h2>
      {publication.published ? (
        <p>
          <a href={`${path}?lang=${lang}`} data-testid="public-page-link">
            {t("publicationPage.pageLink")}
          </a>{" "}
          <code>{path}</code>
        </p>
      ) : (
        <p data-testid="public-page-off">{t("publicationPage.notPublished", { path })}</p>
      )}
      {labels.length > 0 ? (
        <ul className="plain-list">
          {labels.map((l) => (
            <li key={l.registrationNumber}>
              <a href={`${labelLinks(l.registrationNumber).page}?lang=${lang}`}>
                {t("publicationPage.registryLink", { number: l.registrationNumber })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Publish settings of one product's security information page (editors change them; viewers read them). */
export function PublicationPage() {
  const { t } = useTranslation();
  const { productId = "" } = useParams();
  const { canEdit } = useSession();
  const [product, setProduct] = useState<Product | null>(null);
  const [publication, setPublication] = useState<Publication | null>(null);
  const [values, setValues] = useState<Values | null>(null);
  const [labels, setLabels] = useState<PublicLabel[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [fromDocs, setFromDocs] = useState(false);
  const load = useFormAction();
  const save = useFormAction(FIELDS);
  const loadRun = load.run;

  const reload = useCallback(async () => {
    const result = await loadRun(() =>
      Promise.all([
        ok(client.GET("/api/products/{productId}", { params: { path: { productId } } })),
        ok(client.GET("/api/products/{productId}/publication", { params: { path: { productId } } })),
        ok(client.GET("/api/products/{productId}/documents/inputs", { params: { path: { productId } } })),
      ]),
    );
    if (!result.ok) return;
    const [p, pub, inputs] = result.value;
    const docs = documentContact(inputs.data);
    setProduct(p);
    setPublication(pub);
    setValues(valuesOf(pub, docs));
    setFromDocs(
      (!pub.vulnerabilityContact && !!docs.contact) ||
        (!pub.vulnerabilityPolicyUrl && !!docs.policyUrl) ||
        (!pub.securityTxtUrl && !!docs.securityTxtUrl),
    );
    setLabels(await productLabels(p));
  }, [productId, loadRun]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!product || !publication || !values)
    return load.failure ? <FormError failure={load.failure} /> : <Loading />;

  const readOnly = !canEdit;
  const set = (patch: Partial<Values>) => setValues({ ...values, ...patch });
  const err = (f: string) => save.failure?.fields[f];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!publication || !values) return;
    setNotice(null);
    const result = await save.run(() =>
      ok(
        client.PUT("/api/products/{productId}/publication", {
          params: { path: { productId } },
          body: bodyOf(values, publication.version),
        }),
      ),
    );
    if (!result.ok) {
      if (result.failure.code === "VERSION_CONFLICT") {
        await reload();
        save.setFailure({ ...result.failure, message: t("conflict.reloaded") });
      }
      return;
    }
    setPublication(result.value);
    setValues(valuesOf(result.value));
    setNotice(t("common.saved"));
  }

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">{t("nav.products")}</Link> /{" "}
        <Link to={`/products/${seg(product.id)}`}>{product.name}</Link>
      </p>
      <h1>{t("publicationPage.title", { name: product.name })}</h1>
      <p>{t("publicationPage.help")}</p>
      <PublicLinks publication={publication} labels={labels} />
      <section className="panel" aria-labelledby="publication-heading">
        <h2 id="publication-heading">{t("publicationPage.settings")}</h2>
        {readOnly ? <p className="notice">{t("common.readOnly")}</p> : null}
        <form onSubmit={(e) => void submit(e)} aria-labelledby="publication-heading" noValidate>
          <FormError failure={save.failure} />
          <FormSuccess message={notice} />
          <CheckboxField
            id="pub-published"
            label={t("publicationPage.published")}
            checked={values.published}
            disabled={readOnly}
            onChange={(published) => set({ published })}
          />
          <TextField
            id="pub-slug"
            label={t("publicationPage.slug")}
            hint={t("publicationPage.slugHint")}
            value={values.slug}
            error={err("slug")}
            disabled={readOnly}
            maxLength={63}
            onChange={(slug) => set({ slug })}
          />
          <Group legend={t("publicationPage.show")}>
            {PUBLICATION_FIELDS.map((f) => (
              <CheckboxField
                key={f}
                id={`pub-show-${f}`}
                label={t(`publicationPage.fields.${f}`)}
                checked={values.show[f]}
                disabled={readOnly}
                onChange={(on) => set({ show: { ...values.show, [f]: on } })}
              />
            ))}
          </Group>
          {fromDocs ? (
            <p className="hint" data-testid="pub-from-documents">
              {t("docPreview.prefilled")}
            </p>
          ) : null}
          <TextField
            id="pub-contact"
            label={t("publicationPage.contact")}
            value={values.vulnerabilityContact}
            error={err("vulnerabilityContact")}
            disabled={readOnly}
            maxLength={300}
            onChange={(vulnerabilityContact) => set({ vulnerabilityContact })}
          />
          <TextField
            id="pub-policy-url"
            type="url"
            label={t("publicationPage.policyUrl")}
            value={values.vulnerabilityPolicyUrl}
            error={err("vulnerabilityPolicyUrl")}
            disabled={readOnly}
            maxLength={500}
            onChange={(vulnerabilityPolicyUrl) => set({ vulnerabilityPolicyUrl })}
          />
          <TextField
            id="pub-securitytxt-url"
            type="url"
            label={t("publicationPage.securityTxtUrl")}
            value={values.securityTxtUrl}
            error={err("securityTxtUrl")}
            disabled={readOnly}
            maxLength={500}
            onChange={(securityTxtUrl) => set({ securityTxtUrl })}
          />
          <TextField
            id="pub-update-ja"
            multiline
            label={t("publicationPage.updateJa")}
            value={values.updateJa}
            error={err("updateProcedure.ja")}
            disabled={readOnly}
            maxLength={4000}
            onChange={(updateJa) => set({ updateJa })}
          />
          <TextField
            id="pub-update-en"
            multiline
            label={t("publicationPage.updateEn")}
            value={values.updateEn}
            error={err("updateProcedure.en")}
            disabled={readOnly}
            maxLength={4000}
            onChange={(updateEn) => set({ updateEn })}
          />
          {readOnly ? null : (
            <button type="submit" disabled={save.busy}>
              {t("common.save")}
            </button>
          )}
        </form>
      </section>
    </section>
  );
}
