import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import { type DeviceProfile, type DeviceRun, SERVER_PROBES, type ServerProbe } from "../api/device-tests.ts";
import { pick } from "../i18n/index.ts";
import { DeviceRunResults, VerdictBadge } from "./DeviceRunResults.tsx";
import { CheckboxField, Group, SelectField } from "./Field.tsx";
import { FormError, FormSuccess } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

const POLL_MS = 1500;

function RunItem({ run }: { run: DeviceRun }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <li className="device-run" data-testid={`run-${run.id}`} data-status={run.status}>
      <h3 className="run-title">
        {run.profileName} <span className="mono">{run.host}</span>{" "}
        <span className={`badge run-${run.status}`}>{t(`deviceTests.runs.status.${run.status}`)}</span>{" "}
        <span className="meta">
          {t(`deviceTests.runs.origin.${run.origin}`)} ·{" "}
          {t("deviceTests.runs.requested", {
            date: run.requestedAt.slice(0, 16).replace("T", " "),
            who: run.requestedBy ?? "",
          })}
        </span>
      </h3>
      {run.error ? (
        <p className="form-error" role="alert">
          {pick(run.error.message, i18n.language)}
        </p>
      ) : null}
      {run.verdicts.length > 0 ? (
        <ul className="verdict-list">
          {run.verdicts.map((v) => (
            <li key={v.test}>
              <span className="mono">{v.test}</span> <VerdictBadge verdict={v.verdict} />
            </li>
          ))}
        </ul>
      ) : null}
      {run.evidenceIds.length > 0 ? (
        <p className="meta">{t("deviceTests.runs.evidence", { count: run.evidenceIds.length })}</p>
      ) : null}
      {run.hasResults ? (
        <button
          type="button"
          className="small secondary"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t("deviceTests.runs.hide") : t("deviceTests.runs.show")}
        </button>
      ) : null}
      {open ? <DeviceRunResults runId={run.id} /> : null}
    </li>
  );
}

/** Start a server-side run of a stored profile, and the product's runs and imports with their status (polled). */
export function DeviceRuns({
  productId,
  profiles,
  canEdit,
}: {
  productId: string;
  profiles: DeviceProfile[];
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const [runs, setRuns] = useState<DeviceRun[] | null>(null);
  const [profileId, setProfileId] = useState("");
  const [probes, setProbes] = useState<ServerProbe[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useFormAction();
  const start = useFormAction();
  const listRun = list.run;

  const load = useCallback(async () => {
    const result = await listRun(() =>
      ok(client.GET("/api/products/{productId}/device-runs", { params: { path: { productId } } })),
    );
    if (result.ok) setRuns(result.value);
  }, [productId, listRun]);
  useEffect(() => {
    void load();
  }, [load]);
  const active = runs?.some((r) => r.status === "queued" || r.status === "running") ?? false;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [active, load]);
  const chosen = profileId || profiles[0]?.id || "";

  async function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const result = await start.run(() =>
      ok(
        client.POST("/api/products/{productId}/device-runs", {
          params: { path: { productId } },
          body: { profileId: chosen, ...(probes.length > 0 ? { probes } : {}) },
        }),
      ),
    );
    if (!result.ok) return;
    setNotice(t("deviceTests.run.started"));
    await load();
  }

  return (
    <>
      {canEdit ? (
        <section className="panel" aria-labelledby="run-heading">
          <h2 id="run-heading">{t("deviceTests.run.title")}</h2>
          {profiles.length === 0 ? (
            <p>{t("deviceTests.run.noProfiles")}</p>
          ) : (
            <form onSubmit={submit} noValidate className="inline-form">
              <SelectField
                id="run-profile"
                label={t("deviceTests.run.profile")}
                value={chosen}
                onChange={setProfileId}
                options={profiles.map((p) => ({ value: p.id, label: `${p.name} (${p.host ?? "?"})` }))}
              />
              <Group legend={t("deviceTests.run.probes")}>
                {SERVER_PROBES.map((p) => (
                  <CheckboxField
                    key={p}
                    id={`run-probe-${p}`}
                    label={p}
                    checked={probes.includes(p)}
                    onChange={(on) => setProbes((s) => (on ? [...s, p] : s.filter((x) => x !== p)))}
                  />
                ))}
                <p className="hint">{t("deviceTests.run.probesHint")}</p>
              </Group>
              <FormError failure={start.failure} />
              <FormSuccess message={notice} />
              <button type="submit" disabled={start.busy}>
                {t("deviceTests.run.start")}
              </button>
            </form>
          )}
        </section>
      ) : null}
      <section className="panel" aria-labelledby="runs-heading">
        <h2 id="runs-heading">{t("deviceTests.runs.title")}</h2>
        <FormError failure={list.failure} />
        {active ? (
          <p className="meta" role="status">
            {t("deviceTests.runs.polling")}
          </p>
        ) : null}
        {runs && runs.length === 0 ? <p>{t("deviceTests.runs.empty")}</p> : null}
        {runs && runs.length > 0 ? (
          <ul className="plain-list device-runs">
            {runs.map((r) => (
              <RunItem key={`${r.id}-${r.status}`} run={r} />
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}
