import { type ChangeEvent, useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, ok, pathUrl, seg } from "../api/client.ts";
import { useRules } from "../api/rules.ts";
import type { FirmwareRelease } from "../api/types.ts";
import { sendFile } from "../api/vault.ts";
import type { ReleaseComponent, ReleaseFindings, VulnSource } from "../api/vuln.ts";
import { FindingRow } from "../components/FindingRow.tsx";
import { FormError, FormSuccess } from "../components/FormMessage.tsx";
import { useFormAction } from "../components/form-action.ts";
import { ReleaseDiff } from "../components/ReleaseDiff.tsx";
import { Loading } from "../components/RequireSession.tsx";
import { useSession } from "../components/SessionProvider.tsx";
import { VulnPolicyForm } from "../components/VulnPolicyForm.tsx";

/** A firmware release: its components (from the SBOM), its known vulnerabilities with filters, VEX, exports. */
export function ReleaseVulnPage() {
  const { t } = useTranslation();
  const { productId = "", releaseId = "" } = useParams();
  const { canEdit, isOwner } = useSession();
  const [release, setRelease] = useState<FirmwareRelease | null>(null);
  const [releases, setReleases] = useState<FirmwareRelease[]>([]);
  const [components, setComponents] = useState<ReleaseComponent[]>([]);
  const [view, setView] = useState<ReleaseFindings | null>(null);
  const [sources, setSources] = useState<VulnSource[]>([]);
  const [text, setText] = useState("");
  const [severity, setSeverity] = useState("all");
  const [status, setStatus] = useState("all");
  const [notice, setNotice] = useState<string | null>(null);
  const rules = useRules();
  const load = useFormAction();
  const act = useFormAction();
  const loadRun = load.run;

  const reload = useCallback(async () => {
    const result = await loadRun(async () => {
      const releases = await ok(
        client.GET("/api/products/{productId}/releases", { params: { path: { productId } } }),
      );
      const path = { params: { path: { releaseId } } };
      return {
        releases,
        release: releases.find((r) => r.id === releaseId) ?? null,
        components: await ok(client.GET("/api/releases/{releaseId}/components", path)),
        view: await ok(client.GET("/api/releases/{releaseId}/findings", path)),
        sources: await ok(client.GET("/api/vuln/sources")),
      };
    });
    if (!result.ok) return;
    setRelease(result.value.release);
    setReleases(result.value.releases);
    setComponents(result.value.components);
    setView(result.value.view);
    setSources(result.value.sources);
  }, [productId, releaseId, loadRun]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const needle = text.trim().toLowerCase();
  const shownComponents = useMemo(
    () =>
      components.filter(
        (c) => !needle || [c.name, c.version, c.purl, c.cpe].some((v) => v?.toLowerCase().includes(needle)),
      ),
    [components, needle],
  );
  const shownFindings = useMemo(
    () =>
      (view?.findings ?? []).filter(
        (f) =>
          (severity === "all" || f.severity === severity) &&
          (status === "all" || (status === "blocking" ? f.blocking : f.status === status)) &&
          (!needle ||
            [f.vulnId, f.componentName, ...f.aliases].some((v) => v.toLowerCase().includes(needle))),
      ),
    [view, severity, status, needle],
  );

  async function upload(event: ChangeEvent<HTMLInputElement>, kind: "sbom" | "scanner-reports") {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setNotice(null);
    const params = { path: { releaseId }, query: { fileName: file.name } };
    const result = await act.run(async () =>
      kind === "sbom"
        ? t("vuln.sbomImported", {
            count: (await sendFile("/api/releases/{releaseId}/sbom", params, file, () => {})).components,
          })
        : t("vuln.reportImported", {
            count: (await sendFile("/api/releases/{releaseId}/scanner-reports", params, file, () => {}))
              .counts.findings,
          }),
    );
    if (!result.ok) return;
    setNotice(result.value);
    await reload();
  }

  async function scan() {
    setNotice(null);
    const result = await act.run(() =>
      ok(client.POST("/api/releases/{releaseId}/vuln-scans", { params: { path: { releaseId } } })),
    );
    if (!result.ok) return;
    setNotice(t("vuln.scanned", result.value.counts));
    await reload();
  }

  if (!view) return load.failure ? <FormError failure={load.failure} /> : <Loading />;
  const stale = sources.find((s) => s.stale);
  return (
    <section aria-labelledby="vuln-heading">
      <p>
        <Link to={`/products/${seg(productId)}`}>{t("vuln.back")}</Link>
      </p>
      <h1 id="vuln-heading">{t("vuln.title", { version: release?.version ?? releaseId })}</h1>
      <FormError failure={act.failure} />
      <FormSuccess message={notice} />

      <section className="panel" aria-labelledby="sources-heading">
        <h2 id="sources-heading">{t("vuln.sources")}</h2>
        {sources.length === 0 ? <p>{t("vuln.sourcesEmpty")}</p> : null}
        <ul className="plain-list">
          {sources.map((s) => (
            <li key={s.id}>
              {t("vuln.sourceLine", {
                kind: s.kind.toUpperCase(),
                name: s.name,
                count: s.advisoryCount,
                date: (s.dataModifiedAt ?? s.importedAt).slice(0, 10),
                age: s.ageDays ?? "?",
              })}
            </li>
          ))}
        </ul>
        {stale ? <p className="form-error">{t("vuln.stale", { days: stale.staleAfterDays })}</p> : null}
        <p>{t("vuln.policy", { severity: t(`vuln.severities.${view.policy.minSeverity}`) })}</p>
        {isOwner ? (
          <VulnPolicyForm
            key={view.policy.version}
            policy={view.policy}
            severities={rules?.severities ?? []}
            onSaved={() => void reload()}
          />
        ) : null}
        {canEdit ? (
          <div className="vuln-actions">
            <label>
              {t("vuln.sbomUpload")}
              <input
                type="file"
                accept=".json,.xml"
                onChange={(e) => void upload(e, "sbom")}
                disabled={act.busy}
              />
            </label>
            <label>
              {t("vuln.reportUpload")}
              <input
                type="file"
                accept=".json,.xml"
                onChange={(e) => void upload(e, "scanner-reports")}
                disabled={act.busy}
              />
            </label>
            <button type="button" onClick={() => void scan()} disabled={act.busy}>
              {t("vuln.scan")}
            </button>
          </div>
        ) : null}
        <p>
          <a href={pathUrl("/api/releases/{releaseId}/sbom", { path: { releaseId } })}>
            {t("vuln.exportSbom")}
          </a>{" "}
          ·{" "}
          <a href={pathUrl("/api/releases/{releaseId}/vex", { path: { releaseId } })}>
            {t("vuln.exportVex")}
          </a>
        </p>
      </section>

      <search className="filters">
        <div>
          <label htmlFor="vuln-filter-text">{t("vuln.filterText")}</label>
          <input id="vuln-filter-text" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div>
          <label htmlFor="vuln-filter-severity">{t("vuln.filterSeverity")}</label>
          <select id="vuln-filter-severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="all">{t("vuln.all")}</option>
            {(rules?.severities ?? []).map((s) => (
              <option key={s} value={s}>
                {t(`vuln.severities.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="vuln-filter-status">{t("vuln.filterStatus")}</label>
          <select id="vuln-filter-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="all">{t("vuln.all")}</option>
            <option value="blocking">{t("vuln.blockingOnly")}</option>
            <option value="affected">{t("vuln.affected")}</option>
            <option value="not_affected">{t("vuln.notAffected")}</option>
          </select>
        </div>
      </search>

      <section className="panel" aria-labelledby="findings-heading">
        <h2 id="findings-heading">
          {t("vuln.findings", { count: view.counts.total, blocking: view.counts.blocking })}
        </h2>
        {view.scans.length === 0 ? <p>{t("vuln.notScanned")}</p> : null}
        {view.scans.length > 0 && shownFindings.length === 0 ? <p>{t("vuln.findingsEmpty")}</p> : null}
        {shownFindings.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("vuln.severity")}</th>
                <th scope="col">{t("vuln.vulnId")}</th>
                <th scope="col">{t("vuln.component")}</th>
                <th scope="col">{t("vuln.fixed")}</th>
                <th scope="col">{t("vuln.source")}</th>
                <th scope="col">{t("vuln.status")}</th>
              </tr>
            </thead>
            <tbody>
              {shownFindings.map((f) => (
                <FindingRow
                  key={f.id}
                  finding={f}
                  releaseId={releaseId}
                  canEdit={canEdit}
                  justifications={rules?.vexJustifications ?? []}
                  onChange={() => void reload()}
                />
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="components-heading">
        <h2 id="components-heading">{t("vuln.components", { count: components.length })}</h2>
        {components.length === 0 ? <p>{t("vuln.componentsEmpty")}</p> : null}
        {shownComponents.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("vuln.name")}</th>
                <th scope="col">{t("vuln.version")}</th>
                <th scope="col">{t("vuln.supplier")}</th>
                <th scope="col">{t("vuln.license")}</th>
                <th scope="col">{t("vuln.purl")}</th>
              </tr>
            </thead>
            <tbody>
              {shownComponents.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td className="mono">{c.version ?? "—"}</td>
                  <td>{c.supplier ?? "—"}</td>
                  <td>{c.license ?? "—"}</td>
                  <td className="mono">{c.purl ?? c.cpe ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <ReleaseDiff releaseId={releaseId} releases={releases} />
    </section>
  );
}
