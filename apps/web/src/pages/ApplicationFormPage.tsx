import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, ok, seg } from "../api/client.ts";
import { type ApplicationForm, FORM_DOCUMENTS, packageUrls } from "../api/package.ts";
import type { Product } from "../api/types.ts";
import { CheckboxField, Group, TextField } from "../components/Field.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";
import { UnverifiedMark } from "../components/UnverifiedMark.tsx";
import { pick } from "../i18n/index.ts";

type Draft = {
  values: Record<string, string>;
  publish: Record<string, boolean>;
  confirmations: Record<string, boolean>;
  proxy: boolean;
};

function draftOf(form: ApplicationForm): Draft {
  return {
    values: Object.fromEntries(form.fields.filter((f) => !f.derived).map((f) => [f.id, f.value])),
    publish: Object.fromEntries(form.fields.filter((f) => f.publishable).map((f) => [f.id, f.publish])),
    confirmations: Object.fromEntries(form.confirmations.map((c) => [c.id, c.checked])),
    proxy: form.proxy,
  };
}

/** The application-form inputs of a product (editors edit; version checked), with printable forms. */
export function ApplicationFormPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const { productId = "" } = useParams();
  const { canEdit } = useSession();
  const [product, setProduct] = useState<Product | null>(null);
  const [form, setForm] = useState<ApplicationForm | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useFormAction();
  const loadRun = load.run;
  const fieldPaths = form ? form.fields.map((f) => `values.${f.id}`) : [];
  const save = useFormAction(fieldPaths);

  const reload = useCallback(async () => {
    const result = await loadRun(async () => {
      const [p, f] = await Promise.all([
        ok(client.GET("/api/products/{productId}", { params: { path: { productId } } })),
        ok(client.GET("/api/products/{productId}/application-form", { params: { path: { productId } } })),
      ]);
      return { p, f };
    });
    if (result.ok) {
      setProduct(result.value.p);
      setForm(result.value.f);
      setDraft(draftOf(result.value.f));
    }
  }, [productId, loadRun]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!product || !form || !draft) return load.failure ? <FormError failure={load.failure} /> : <Loading />;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!form || !draft) return;
    setNotice(null);
    const result = await save.run(() =>
      ok(
        client.PUT("/api/products/{productId}/application-form", {
          params: { path: { productId } },
          body: { ...draft, version: form.version },
        }),
      ),
    );
    if (result.ok) {
      setForm(result.value);
      setDraft(draftOf(result.value));
      setNotice(t("common.saved"));
    } else if (result.failure.code === "VERSION_CONFLICT") {
      await reload();
      save.setFailure({ ...result.failure, message: t("conflict.reloaded") });
    }
  }

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const proxySections = new Set(form.sections.filter((s) => s.form === "power-of-attorney").map((s) => s.id));

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">{t("nav.products")}</Link> /{" "}
        <Link to={`/products/${seg(product.id)}`}>{product.name}</Link> /{" "}
        <Link to={`/products/${seg(product.id)}/package`}>{t("packagePage.link")}</Link>
      </p>
      <h1>{t("formPage.title", { name: product.name })}</h1>
      <p>{t("formPage.help")}</p>
      <p role="status" data-testid="form-missing">
        {form.missing.length ? t("formPage.missing", { count: form.missing.length }) : t("formPage.complete")}
      </p>
      {form.missing.length ? (
        <ul className="blocker-list">
          {form.missing.map((m) => (
            <li key={m.field}>{pick(m.label, lang)}</li>
          ))}
        </ul>
      ) : null}
      {canEdit ? null : <p className="notice">{t("common.readOnly")}</p>}
      <p className="notice" data-testid="publish-note">
        {pick(form.publishNote, lang)}
      </p>
      <form className="panel" onSubmit={(e) => void submit(e)} noValidate>
        <FormError failure={save.failure} />
        <FormSuccess message={notice} />
        <CheckboxField
          id="proxy"
          label={t("formPage.proxy")}
          checked={draft.proxy}
          disabled={!canEdit}
          onChange={(proxy) => set({ proxy })}
        />
        {form.sections
          .filter((s) => draft.proxy || !proxySections.has(s.id))
          .map((section) => (
            <Group key={section.id} legend={pick(section.title, lang)}>
              <UnverifiedMark {...section.facts} />
              {form.fields
                .filter((f) => f.section === section.id)
                .map((f) => (
                  <div key={f.id}>
                    <TextField
                      id={`field-${f.id}`}
                      label={pick(f.label, lang)}
                      required={f.required}
                      disabled={!canEdit || f.derived}
                      multiline={f.id === "modelNumbers" || f.id === "delegatedScope"}
                      hint={
                        f.derived
                          ? t("formPage.derived")
                          : f.organisationValue
                            ? t("formPage.organisationValue")
                            : f.input === "postalCode"
                              ? t("formPage.postalHint")
                              : undefined
                      }
                      maxLength={f.maxLength ?? undefined}
                      value={
                        f.id === "productCategory"
                          ? t(`categories.${f.value}`, { defaultValue: f.value })
                          : f.derived
                            ? f.value
                            : (draft.values[f.id] ?? "")
                      }
                      onChange={(v) => set({ values: { ...draft.values, [f.id]: v } })}
                      error={save.failure?.fields[`values.${f.id}`]}
                    />
                    <UnverifiedMark {...f.facts} />
                    {f.publishable ? (
                      <CheckboxField
                        id={`publish-${f.id}`}
                        label={t("formPage.publish", { label: pick(f.label, lang) })}
                        checked={draft.publish[f.id] ?? false}
                        disabled={!canEdit}
                        onChange={(v) => set({ publish: { ...draft.publish, [f.id]: v } })}
                      />
                    ) : null}
                  </div>
                ))}
            </Group>
          ))}
        <Group legend={t("formPage.confirmations")}>
          {form.confirmations
            .filter((c) => c.applies)
            .map((c) => (
              <div key={c.id}>
                <CheckboxField
                  id={`confirm-${c.id}`}
                  label={pick(c.label, lang)}
                  checked={draft.confirmations[c.id] ?? false}
                  disabled={!canEdit}
                  onChange={(v) => set({ confirmations: { ...draft.confirmations, [c.id]: v } })}
                />
                <UnverifiedMark {...c.facts} />
              </div>
            ))}
        </Group>
        {canEdit ? (
          <button type="submit" disabled={save.busy}>
            {t("common.save")}
          </button>
        ) : null}
      </form>
      <section className="panel" aria-labelledby="printable-heading">
        <h2 id="printable-heading">{t("formPage.printable")}</h2>
        <ul className="plain-list">
          {FORM_DOCUMENTS.filter((d) => form.proxy || d !== "form-2-3-power-of-attorney").map((d) => (
            <li key={d}>
              {t(`formPage.docs.${d}`)}:{" "}
              <a href={packageUrls.formDocument(product.id, d, "html", lang)} download>
                {t("formPage.html")}
              </a>{" "}
              <a href={packageUrls.formDocument(product.id, d, "pdf", lang)} download>
                {t("formPage.pdf")}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
