import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, ok, type Schemas, seg } from "../api/client.ts";
import type { Product } from "../api/types.ts";
import { ClaimsHighlight } from "../components/ClaimsHighlight.tsx";
import { TextField } from "../components/Field.tsx";
import { FormError } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";
import { UnverifiedMark } from "../components/UnverifiedMark.tsx";
import { pick } from "../i18n/index.ts";

type Check = Schemas["ClaimsCheck"];
type Body = { text: string } | { document: "user-security-information"; lang: "ja" | "en" };

/** What the checker knew of the product: the numbers, label status and expiry from its application. */
function ContextFacts({ context }: { context: Check["context"] }) {
  const { t } = useTranslation();
  return (
    <dl className="facts" data-testid="claims-context">
      <dt>{t("applications.acceptanceNumber")}</dt>
      <dd data-testid="claims-acceptance">{context.acceptanceNumber ?? t("claimsPage.none")}</dd>
      <dt>{t("applications.registrationNumber")}</dt>
      <dd>{context.registrationNumber ?? t("claimsPage.none")}</dd>
      <dt>{t("applications.labelStatus")}</dt>
      <dd>
        {context.labelStatus
          ? t(`applications.labelStatuses.${context.labelStatus}`)
          : t("claimsPage.noLabel")}
      </dd>
      <dt>{t("claimsPage.expiry")}</dt>
      <dd>{context.labelExpiresOn ?? t("claimsPage.none")}</dd>
      <dt>{t("claimsPage.labelledModels")}</dt>
      <dd>{context.labelledModels.join(", ") || t("claimsPage.none")}</dd>
    </dl>
  );
}

function FindingItem({ f, n }: { f: Schemas["ClaimFinding"]; n: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <li id={`claim-finding-${n}`} data-testid="claim-finding" data-rule={f.ruleId}>
      <strong>
        {n}. {pick(f.title, lang)}
      </strong>{" "}
      <span className={`badge claim-${f.severity}`}>{t(`claimsPage.severity.${f.severity}`)}</span>{" "}
      <UnverifiedMark sources={f.sources} unverifiedMark={f.unverifiedMark} />
      <blockquote>{f.sentence.text}</blockquote>
      <p>{pick(f.explanation, lang)}</p>
      {f.expected !== null || f.ruleId.endsWith("-as-recorded") ? (
        <p data-testid="claim-expected">
          {t("claimsPage.expected", { value: f.expected ?? t("claimsPage.none") })}
        </p>
      ) : null}
      <p className="meta">
        {t("claimsPage.source")}{" "}
        {f.sources.map((s) => `${s.title} (${t(`sources.confidence.${s.confidence}`)})`).join(" · ")}
      </p>
    </li>
  );
}

/** Paste marketing text (or check the generated user information document) and see what breaks the label-use rules. */
export function ClaimsPage() {
  const { t, i18n } = useTranslation();
  const { productId = "" } = useParams();
  const [product, setProduct] = useState<Product | null>(null);
  const [text, setText] = useState("");
  const [check, setCheck] = useState<Check | null>(null);
  const load = useFormAction();
  const run = useFormAction(["text"]);
  const loadRun = load.run;

  useEffect(() => {
    void loadRun(() => ok(client.GET("/api/products/{productId}", { params: { path: { productId } } }))).then(
      (r) => r.ok && setProduct(r.value),
    );
  }, [productId, loadRun]);

  async function send(body: Body) {
    setCheck(null);
    const r = await run.run(() =>
      ok(client.POST("/api/products/{productId}/claims/check", { params: { path: { productId } }, body })),
    );
    if (r.ok) setCheck(r.value);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    void send({ text });
  }

  if (!product) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  const docLang = i18n.language === "en" ? "en" : "ja";
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">{t("nav.products")}</Link> /{" "}
        <Link to={`/products/${seg(product.id)}`}>{product.name}</Link>
      </p>
      <h1>{t("claimsPage.title", { name: product.name })}</h1>
      <p>{t("claimsPage.help")}</p>
      <form onSubmit={submit} aria-labelledby="claims-form-heading" noValidate className="panel">
        <h2 id="claims-form-heading">{t("claimsPage.paste")}</h2>
        <FormError failure={run.failure} />
        <TextField
          id="text"
          label={t("claimsPage.textLabel")}
          hint={t("claimsPage.textHint")}
          multiline
          maxLength={20000}
          value={text}
          error={run.failure?.fields.text}
          onChange={setText}
        />
        <button type="submit" disabled={run.busy || !text.trim()}>
          {t("claimsPage.check")}
        </button>{" "}
        <button
          type="button"
          disabled={run.busy}
          onClick={() => void send({ document: "user-security-information", lang: docLang })}
        >
          {t("claimsPage.checkDocument")}
        </button>
      </form>
      {check ? <Results check={check} /> : null}
    </section>
  );
}

function Results({ check }: { check: Check }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="claims-results-heading" data-testid="claims-results">
      <h2 id="claims-results-heading">
        {check.document ? t("claimsPage.resultsDocument") : t("claimsPage.results")}
      </h2>
      <ContextFacts context={check.context} />
      <p role="status" data-testid="claims-summary">
        {check.findings.length === 0
          ? t("claimsPage.noFindings")
          : t("claimsPage.findingCount", { count: check.findings.length })}
      </p>
      <ClaimsHighlight text={check.text} findings={check.findings} />
      <ol className="plain-list">
        {check.findings.map((f, i) => (
          <FindingItem key={`${f.ruleId}-${f.match.start}`} f={f} n={i + 1} />
        ))}
      </ol>
    </section>
  );
}
