import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, ok, pathUrl, type Schemas, seg } from "../api/client.ts";
import type { Product } from "../api/types.ts";
import { ChecklistPanel } from "../components/ChecklistPanel.tsx";
import { DocumentInputsForm, type StoredInputs } from "../components/DocumentInputsForm.tsx";
import { SelectField } from "../components/Field.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";

const KINDS = [
  "vulnerability-disclosure-policy",
  "update-procedure",
  "security-update-policy",
  "user-security-information",
] as const;
type Kind = (typeof KINDS)[number];
type Lang = "ja" | "en";

type Preview = Schemas["DocumentPreview"];
type Version = Schemas["DocumentVersion"];

function PreviewPanel({
  productId,
  canEdit,
  onPublished,
}: {
  productId: string;
  canEdit: boolean;
  onPublished: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === "en" ? "en" : "ja";
  const [kind, setKind] = useState<Kind>(KINDS[0]);
  const [docLang, setDocLang] = useState<Lang>("ja");
  const [preview, setPreview] = useState<Preview | null>(null);
  // A new frame for each preview (the inputs may have changed since the last one; the answer is never cached).
  const [shownAt, setShownAt] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, failure, run } = useFormAction();

  async function show() {
    setNotice(null);
    const result = await run(() =>
      ok(
        client.GET("/api/products/{productId}/documents/{kind}/preview", {
          params: { path: { productId, kind }, query: { lang: docLang } },
        }),
      ),
    );
    setShownAt(String(Date.now()));
    setPreview(result.ok ? result.value : null);
  }
  async function publish() {
    setNotice(null);
    const result = await run(() =>
      ok(
        client.POST("/api/products/{productId}/documents/{kind}/versions", {
          params: { path: { productId, kind } },
        }),
      ),
    );
    if (!result.ok) return;
    setNotice(t("documentsPage.published", { number: result.value.number, version: result.value.version }));
    setPreview(null);
    onPublished();
  }

  return (
    <section className="panel" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t("documentsPage.previewTitle")}</h2>
      <SelectField
        id="doc-kind"
        label={t("documentsPage.document")}
        value={kind}
        onChange={(k) => {
          setKind(k);
          setPreview(null);
        }}
        options={KINDS.map((k) => ({ value: k, label: t(`documentsPage.kinds.${k}`) }))}
      />
      <SelectField
        id="doc-lang"
        label={t("documentsPage.language")}
        value={docLang}
        onChange={setDocLang}
        options={[
          { value: "ja", label: "日本語" },
          { value: "en", label: "English" },
        ]}
      />
      <p>
        <button type="button" onClick={() => void show()} disabled={busy}>
          {t("documentsPage.preview")}
        </button>{" "}
        {canEdit ? (
          <button type="button" onClick={() => void publish()} disabled={busy} data-testid="publish-document">
            {t("documentsPage.publish")}
          </button>
        ) : null}
      </p>
      <FormError failure={failure} />
      <FormSuccess message={notice} />
      {preview ? (
        <div data-testid="document-preview">
          <p>{t("documentsPage.nextVersion", { number: preview.number, version: preview.version })}</p>
          {preview.missing.length > 0 ? (
            <div className="notice">
              <p>{t("documentsPage.missing")}</p>
              <ul>
                {preview.missing.map((m) => (
                  <li key={m.key}>{m.label[lang]}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <p className="hint">{t("docPreview.sourceNote")}</p>
          {/* The server's own HTML under its own policy (nothing runs); sandbox="": an opaque origin, no scripts. */}
          <iframe
            key={shownAt}
            className="document-frame"
            sandbox=""
            title={t("docPreview.frameTitle", { title: preview.title })}
            src={pathUrl("/api/products/{productId}/documents/{kind}/preview.html", {
              path: { productId, kind: preview.kind },
              query: { lang: preview.lang },
            })}
            data-testid="document-frame"
          />
          {preview.securityTxt ? (
            <>
              <h3>{t("documentsPage.securityTxt")}</h3>
              <pre>{preview.securityTxt.text}</pre>
              {preview.securityTxt.problems.length === 0 ? (
                <p className="form-success">✓ {t("documentsPage.securityTxtOk")}</p>
              ) : (
                <ul className="form-error">
                  {preview.securityTxt.problems.map((p) => (
                    <li key={p.message.en}>{p.message[lang]}</li>
                  ))}
                </ul>
              )}
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function History({ versions }: { versions: Version[] }) {
  const { t } = useTranslation();
  const link = (v: Version, lang: Lang, format: "md" | "html" | "pdf" | "security.txt") =>
    pathUrl("/api/document-versions/{versionId}/file", {
      path: { versionId: v.id },
      query: { lang, format },
    });
  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">{t("documentsPage.historyTitle")}</h2>
      {versions.length === 0 ? (
        <p>{t("documentsPage.noVersions")}</p>
      ) : (
        <table data-testid="document-versions">
          <thead>
            <tr>
              <th>{t("documentsPage.document")}</th>
              <th>{t("documentsPage.number")}</th>
              <th>{t("documentsPage.version")}</th>
              <th>{t("documentsPage.publishedAt")}</th>
              <th>{t("documentsPage.downloads")}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td>{t(`documentsPage.kinds.${v.kind}`)}</td>
                <td className="mono">{v.number}</td>
                <td>v{v.version}</td>
                <td>{new Date(v.publishedAt).toLocaleString()}</td>
                <td>
                  {(["ja", "en"] as const).map((lang) => (
                    <span key={lang}>
                      {lang}:{" "}
                      {(["pdf", "html", "md"] as const).map((f) => (
                        <a key={f} href={link(v, lang, f)} download>
                          {f}{" "}
                        </a>
                      ))}
                    </span>
                  ))}
                  {v.files.securityTxt ? (
                    <a href={link(v, "ja", "security.txt")} download>
                      security.txt
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Generated documents (inputs, preview, publish, history, downloads) and the checklist workbook of a product. */
export function DocumentsPage() {
  const { t } = useTranslation();
  const { productId = "" } = useParams();
  const { canEdit } = useSession();
  const [product, setProduct] = useState<Product | null>(null);
  const [inputs, setInputs] = useState<StoredInputs | null>(null);
  const [versions, setVersions] = useState<Version[]>([]);
  const load = useFormAction();
  const loadRun = load.run;

  const reload = useCallback(async () => {
    const result = await loadRun(() =>
      Promise.all([
        ok(client.GET("/api/products/{productId}", { params: { path: { productId } } })),
        ok(client.GET("/api/products/{productId}/documents/inputs", { params: { path: { productId } } })),
        ok(client.GET("/api/products/{productId}/documents/versions", { params: { path: { productId } } })),
      ]),
    );
    if (!result.ok) return;
    const [p, i, v] = result.value;
    setProduct(p);
    setInputs(i);
    setVersions(v);
  }, [productId, loadRun]);

  useEffect(() => {
    void reload();
  }, [reload]);

  if (!product || !inputs) return load.failure ? <FormError failure={load.failure} /> : <Loading />;

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">{t("nav.products")}</Link> ›{" "}
        <Link to={`/products/${seg(product.id)}`}>{product.name}</Link>
      </p>
      <h1>{t("documentsPage.title")}</h1>
      <p>{t("documentsPage.intro")}</p>
      <section className="panel" aria-labelledby="inputs-heading">
        <h2 id="inputs-heading">{t("documentsPage.inputsTitle")}</h2>
        <DocumentInputsForm productId={product.id} initial={inputs} canEdit={canEdit} onSaved={setInputs} />
      </section>
      <PreviewPanel productId={product.id} canEdit={canEdit} onPublished={() => void reload()} />
      <History versions={versions} />
      <ChecklistPanel productId={product.id} />
    </section>
  );
}
