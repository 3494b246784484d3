import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, ok, type Schemas, seg } from "../api/client.ts";
import { type PackageStatus, packageUrls } from "../api/package.ts";
import type { Product, Route } from "../api/types.ts";
import { fileUrl } from "../api/vault.ts";
import { RadioGroup, SelectField, TextField } from "../components/Field.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { FrozenChecklist } from "../components/FrozenChecklist.tsx";
import { useFormAction } from "../components/form-action.ts";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";
import { formatDateTime } from "../i18n/dates.ts";
import { pick } from "../i18n/index.ts";

type FrozenChecklistView = Schemas["FrozenChecklist"];

function Missing({ status, productId }: { status: PackageStatus; productId: string }) {
  const { t, i18n } = useTranslation();
  const { blockers, ready } = status.readiness;
  return (
    <section className="panel" aria-labelledby="missing-heading">
      <h2 id="missing-heading">{t("packagePage.missingTitle")}</h2>
      <p role="status" data-testid="package-readiness">
        {ready ? t("packagePage.ready") : t("packagePage.notReady", { count: blockers.length })}
      </p>
      {blockers.length > 0 ? (
        <ul className="blocker-list" data-testid="package-blockers">
          {blockers.map((b) => (
            <li key={`${b.criterionId}-${b.code}-${b.message.en}`}>
              {b.criterionId === "application" ? null : <strong>{b.criterionId} </strong>}
              {pick(b.message, i18n.language)}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <Link to={`/products/${seg(productId)}/application-form`}>{t("packagePage.formLink")}</Link>
      </p>
    </section>
  );
}

function SignoffSection({
  status,
  productId,
  defaultRoute,
  onChange,
}: {
  status: PackageStatus;
  productId: string;
  defaultRoute: Route;
  onChange: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const { isOwner } = useSession();
  const [name, setName] = useState("");
  const [title, setTitle] = useState("");
  const [route, setRoute] = useState<Route>(defaultRoute);
  const [notice, setNotice] = useState<string | null>(null);
  const sign = useFormAction(["signerName", "signerTitle"]);
  const current = status.signoff.current;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setNotice(null);
    const result = await sign.run(() =>
      ok(
        client.POST("/api/products/{productId}/signoffs", {
          params: { path: { productId } },
          body: { signerName: name, signerTitle: title, route },
        }),
      ),
    );
    if (result.ok) {
      setNotice(t("packagePage.signed"));
      await onChange();
    }
  }

  return (
    <section className="panel" aria-labelledby="signoff-heading">
      <h2 id="signoff-heading">{t("packagePage.signoffTitle")}</h2>
      <p>{t("packagePage.signoffHelp")}</p>
      {current ? (
        <>
          <p data-testid="signoff-current">
            {t("packagePage.current", {
              name: current.signerName,
              title: current.signerTitle,
              date: formatDateTime(current.signedAt, i18n.language),
            })}
          </p>
          <p className="meta">{t("packagePage.hash", { hash: current.snapshotSha256 })}</p>
          <p>
            <a className="button secondary" href={packageUrls.report(current.id, "ja")} download>
              {t("packagePage.reportJa")}
            </a>{" "}
            <a className="button secondary" href={packageUrls.report(current.id, "en")} download>
              {t("packagePage.reportEn")}
            </a>
          </p>
          {status.signoff.changedSinceSignOff ? (
            <p className="notice" data-testid="signoff-changed">
              {t("packagePage.changed")}
            </p>
          ) : null}
        </>
      ) : (
        <p>{t("packagePage.noSignoff")}</p>
      )}
      <FormSuccess message={notice} />
      {isOwner ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <FormError failure={sign.failure} />
          <TextField
            id="signerName"
            label={t("packagePage.signerName")}
            required
            maxLength={100}
            value={name}
            onChange={setName}
            error={sign.failure?.fields.signerName}
          />
          <TextField
            id="signerTitle"
            label={t("packagePage.signerTitle")}
            required
            maxLength={100}
            value={title}
            onChange={setTitle}
            error={sign.failure?.fields.signerTitle}
          />
          <RadioGroup<Route>
            id="signoffRoute"
            label={t("packagePage.route")}
            value={route}
            onChange={setRoute}
            options={[
              { value: "standard", label: t("routes.standard") },
              { value: "psti", label: t("routes.psti") },
            ]}
          />
          <button type="submit" disabled={sign.busy}>
            {t("packagePage.sign")}
          </button>
        </form>
      ) : (
        <p className="notice">{t("packagePage.ownerOnly")}</p>
      )}
      {status.signoff.history.length > 1 ? (
        <>
          <h3>{t("packagePage.signoffHistory")}</h3>
          <ul className="plain-list">
            {status.signoff.history.map((s) => (
              <li key={s.id}>
                {formatDateTime(s.signedAt, i18n.language)} — {s.signerName}（{s.signerTitle}）
                {s.supersededAt
                  ? ` ${t("packagePage.superseded", { date: formatDateTime(s.supersededAt, i18n.language) })}`
                  : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function BuildSection({
  status,
  productId,
  onChange,
}: {
  status: PackageStatus;
  productId: string;
  onChange: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const { canEdit } = useSession();
  const [lang, setLang] = useState<"ja" | "en">("ja");
  const [notice, setNotice] = useState<string | null>(null);
  const build = useFormAction();

  async function submit() {
    setNotice(null);
    const result = await build.run(() =>
      ok(
        client.POST("/api/products/{productId}/packages", {
          params: { path: { productId } },
          body: { lang },
        }),
      ),
    );
    if (result.ok) setNotice(t("packagePage.built"));
    await onChange();
  }

  return (
    <section className="panel" aria-labelledby="build-heading">
      <h2 id="build-heading">{t("packagePage.buildTitle")}</h2>
      <p>{t("packagePage.buildHelp")}</p>
      {canEdit ? (
        <>
          <SelectField<"ja" | "en">
            id="packageLang"
            label={t("packagePage.language")}
            value={lang}
            onChange={setLang}
            options={[
              { value: "ja", label: "日本語" },
              { value: "en", label: "English" },
            ]}
          />
          {status.canBuild ? null : <p className="notice">{t("packagePage.cannotBuild")}</p>}
          <FormError failure={build.failure} />
          <FormSuccess message={notice} />
          <button
            type="button"
            onClick={() => void submit()}
            disabled={build.busy}
            data-testid="build-package"
          >
            {t("packagePage.build")}
          </button>
        </>
      ) : (
        <p className="notice">{t("common.readOnly")}</p>
      )}
      <h3>{t("packagePage.historyTitle")}</h3>
      {status.packages.length === 0 ? (
        <p>{t("packagePage.noPackages")}</p>
      ) : (
        <table data-testid="package-history">
          <thead>
            <tr>
              <th scope="col">{t("packagePage.created")}</th>
              <th scope="col">{t("packagePage.language")}</th>
              <th scope="col">{t("packagePage.files")}</th>
              <th scope="col">{t("packagePage.size")}</th>
              <th scope="col">{t("packagePage.sha")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {status.packages.map((p) => (
              <tr key={p.id}>
                <td>{formatDateTime(p.createdAt, i18n.language)}</td>
                <td>{p.lang}</td>
                <td>{p.fileCount}</td>
                <td>{new Intl.NumberFormat(i18n.language).format(p.size)}</td>
                <td>
                  <code>{p.zipSha256.slice(0, 16)}…</code>
                </td>
                <td>
                  {canEdit ? (
                    <a className="button secondary" href={packageUrls.download(p.id)} download>
                      {t("packagePage.download")}
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

/** The checklist the sign-off in force froze: what a reviewer reads, with a link to each evidence file. */
function SignedChecklist({ signoffId }: { signoffId: string }) {
  const { t, i18n } = useTranslation();
  const [checklist, setChecklist] = useState<FrozenChecklistView | null>(null);
  const load = useFormAction();
  const loadRun = load.run;
  useEffect(() => {
    void loadRun(() =>
      ok(client.GET("/api/signoffs/{signoffId}/checklist", { params: { path: { signoffId } } })),
    ).then((r) => setChecklist(r.ok ? r.value : null));
  }, [signoffId, loadRun]);
  if (!checklist) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  return (
    <section className="panel" aria-labelledby="frozen-heading">
      <h2 id="frozen-heading">{t("frozen.title")}</h2>
      <p className="meta" data-testid="frozen-taken">
        {t("frozen.taken", { date: formatDateTime(checklist.takenAt, i18n.language) })}
      </p>
      <FrozenChecklist rows={checklist.rows} fileUrl={fileUrl} />
    </section>
  );
}

/** The application package of a product: what is missing, the sign-off, building, downloading, history. */
export function PackagePage() {
  const { t } = useTranslation();
  const { productId = "" } = useParams();
  const [product, setProduct] = useState<Product | null>(null);
  const [status, setStatus] = useState<PackageStatus | null>(null);
  const load = useFormAction();
  const loadRun = load.run;

  const reload = useCallback(async () => {
    const result = await loadRun(async () => {
      const [p, s] = await Promise.all([
        ok(client.GET("/api/products/{productId}", { params: { path: { productId } } })),
        ok(client.GET("/api/products/{productId}/package", { params: { path: { productId } } })),
      ]);
      return { p, s };
    });
    if (result.ok) {
      setProduct(result.value.p);
      setStatus(result.value.s);
    }
  }, [productId, loadRun]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!product || !status) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">{t("nav.products")}</Link> /{" "}
        <Link to={`/products/${seg(product.id)}`}>{product.name}</Link>
      </p>
      <h1>{t("packagePage.title", { name: product.name })}</h1>
      <Missing status={status} productId={product.id} />
      <SignoffSection
        status={status}
        productId={product.id}
        defaultRoute={product.defaultRoute}
        onChange={reload}
      />
      {status.signoff.current ? <SignedChecklist signoffId={status.signoff.current.id} /> : null}
      <BuildSection status={status} productId={product.id} onChange={reload} />
    </section>
  );
}
