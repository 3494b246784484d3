import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import type { ProbeResult, RunResults } from "../api/device-tests.ts";
import { pick } from "../i18n/index.ts";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

const LOG_LINES = 300;

export function VerdictBadge({ verdict }: { verdict: string }) {
  return <span className={`badge verdict-${verdict}`}>{verdict}</span>;
}

/** Open ports and services of an imported nmap scan (or of jcstar's own ports probe). */
function PortsFindings({ findings }: { findings: Record<string, unknown> }) {
  const { t } = useTranslation();
  const raw = findings.services;
  // `findings` is free-form per probe: keep only port → service text entries.
  const services =
    raw && typeof raw === "object"
      ? Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string"))
      : {};
  if (Object.keys(services).length === 0) return null;
  return (
    <table className="findings" data-testid="open-ports">
      <caption>{t("deviceTests.results.openPorts")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("deviceTests.results.port")}</th>
          <th scope="col">{t("deviceTests.results.service")}</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(services).map(([port, service]) => (
          <tr key={port}>
            <td className="mono">{port}</td>
            <td>{service}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** testssl.sh findings with their severity (imported results). */
function TlsFindings({ findings }: { findings: Record<string, unknown> }) {
  const { t } = useTranslation();
  const issues = findings.issues as
    | { id: string; severity: string; finding: string; cve?: string }[]
    | undefined;
  if (!Array.isArray(issues)) return null;
  if (issues.length === 0) return <p>{t("deviceTests.results.noIssues")}</p>;
  return (
    <table className="findings" data-testid="tls-findings">
      <caption>{t("deviceTests.results.tlsFindings")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("deviceTests.results.severity")}</th>
          <th scope="col">{t("deviceTests.results.id")}</th>
          <th scope="col">{t("deviceTests.results.finding")}</th>
        </tr>
      </thead>
      <tbody>
        {issues.map((i) => (
          <tr key={`${i.id}-${i.finding}`}>
            <td>
              <span className={`badge severity-${i.severity.toUpperCase()}`}>{i.severity}</span>
            </td>
            <td className="mono">{i.id}</td>
            <td>
              {i.finding}
              {i.cve ? <span className="meta"> ({i.cve})</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ResultBlock({ result }: { result: ProbeResult }) {
  const { t, i18n } = useTranslation();
  const name = result.service ? `${result.probe} ${result.service}` : result.probe;
  const shown = result.log.slice(0, LOG_LINES);
  return (
    <article className="probe-result" aria-label={name}>
      <h4>
        {name} <VerdictBadge verdict={result.verdict} />
        <span className="meta"> {result.criteria.join(", ")}</span>
      </h4>
      <p>
        <strong>{t("deviceTests.results.summary")}:</strong> {pick(result.summary, i18n.language)}
      </p>
      <PortsFindings findings={result.findings} />
      <TlsFindings findings={result.findings} />
      <table className="findings">
        <caption>{t("deviceTests.results.units")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("deviceTests.results.unit")}</th>
            <th scope="col">{t("deviceTests.results.verdict")}</th>
            <th scope="col">{t("deviceTests.results.detail")}</th>
          </tr>
        </thead>
        <tbody>
          {result.units.map((u) => (
            <tr key={u.id}>
              <td className="mono">{u.id}</td>
              <td>
                <VerdictBadge verdict={u.verdict} />
              </td>
              <td>{pick(u.detail, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.log.length > 0 ? (
        <details>
          <summary>{t("deviceTests.results.log", { count: result.log.length })}</summary>
          {result.log.length > LOG_LINES ? (
            <p>{t("deviceTests.results.logTruncated", { count: LOG_LINES })}</p>
          ) : null}
          <pre className="run-log">{shown.map((entry) => JSON.stringify(entry)).join("\n")}</pre>
        </details>
      ) : null}
    </article>
  );
}

/** The results JSON of one run: per result its verdict, summary, findings, units and log. */
export function DeviceRunResults({ runId }: { runId: string }) {
  const [results, setResults] = useState<RunResults | null>(null);
  const load = useFormAction();
  const loadRun = load.run;
  useEffect(() => {
    void loadRun(() =>
      ok(client.GET("/api/device-runs/{runId}/results", { params: { path: { runId } } })),
    ).then((r) => {
      if (r.ok) setResults(r.value);
    });
  }, [runId, loadRun]);
  if (load.failure) return <FormError failure={load.failure} />;
  if (!results) return null;
  return (
    <div className="run-results" data-testid={`results-${runId}`}>
      {results.results.map((r) => (
        <ResultBlock key={`${r.probe}-${r.service ?? ""}`} result={r} />
      ))}
    </div>
  );
}
