import { useTranslation } from "react-i18next";
import { type ApplicationView, yen } from "../api/applications.ts";
import { formatDateTime } from "../i18n/dates.ts";
import { pick } from "../i18n/index.ts";
import { FrozenChecklist } from "./FrozenChecklist.tsx";
import type { FrozenRow } from "./frozen-rows.ts";
import { UnverifiedMark } from "./UnverifiedMark.tsx";

/** The facts of an application at a glance: state, numbers, fee, expected acceptance, label validity. */
export function ApplicationSummary({ view }: { view: ApplicationView }) {
  const { t, i18n } = useTranslation();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <dl className="facts" data-testid="application-facts">
      <dt>{t("applications.state")}</dt>
      <dd data-testid="application-state">{t(`applicationStates.${view.state}`)}</dd>
      <dt>{t("applications.channel")}</dt>
      <dd>{t(`applications.channels.${view.channel}`)}</dd>
      <dt>{t("applications.route")}</dt>
      <dd>{t(`applications.routes.${view.route}`)}</dd>
      <dt>{t("applications.modelNumbers")}</dt>
      <dd>{view.modelNumbers.join(", ")}</dd>
      <dt>{t("applications.applicationNumber")}</dt>
      <dd data-testid="application-number">{view.applicationNumber ?? "—"}</dd>
      <dt>{t("applications.registrationNumber")}</dt>
      <dd data-testid="registration-number">{view.registrationNumber ?? "—"}</dd>
      {view.acceptanceNumber ? (
        <>
          <dt>{t("applications.acceptanceNumber")}</dt>
          <dd data-testid="acceptance-number">{view.acceptanceNumber}</dd>
        </>
      ) : null}
      {view.provisionalNumber ? (
        <>
          <dt>{t("applications.provisionalNumber")}</dt>
          <dd data-testid="provisional-number">{view.provisionalNumber}</dd>
        </>
      ) : null}
      <dt>{t("applications.fee")}</dt>
      <dd data-testid="application-fee">
        {view.fee ? (
          <>
            {yen(view.fee.amount, i18n.language)} — {pick(view.fee.label, i18n.language)}{" "}
            {view.fee.estimated
              ? t("applications.feeEstimated")
              : `(${t("applications.feeBasis", { date: view.fee.basis })})`}{" "}
            <UnverifiedMark sources={view.fee.sources} unverifiedMark={view.fee.unverifiedMark} />
          </>
        ) : (
          "—"
        )}
      </dd>
      {view.expectedAcceptanceOn ? (
        <>
          <dt>{t("applications.expectedAcceptance")}</dt>
          <dd>
            <span data-testid="expected-acceptance">{view.expectedAcceptanceOn}</span>{" "}
            <UnverifiedMark {...view.lifecycleFacts.expectedAcceptance} />
          </dd>
        </>
      ) : null}
      {view.labelIssuedOn && view.labelExpiresOn ? (
        <>
          <dt>{t("applications.labelValidity")}</dt>
          <dd>
            {t("applications.labelValidityValue", { from: view.labelIssuedOn, until: view.labelExpiresOn })}{" "}
            <UnverifiedMark {...view.lifecycleFacts.validity} />
          </dd>
        </>
      ) : null}
      {view.labelStatus ? (
        <>
          <dt>{t("applications.labelStatus")}</dt>
          <dd>
            <span data-testid="label-status">
              {t(`applications.labelStatuses.${view.labelStatus}`)}
              {view.labelStatus === "grace" && view.graceEndsOn
                ? ` — ${t("applications.graceNote", { date: view.graceEndsOn })}`
                : null}
            </span>{" "}
            <UnverifiedMark {...view.lifecycleFacts.labelStatus} />
            {view.labelStatus === "grace" ? <UnverifiedMark {...view.lifecycleFacts.grace} /> : null}
          </dd>
        </>
      ) : null}
      {view.overdueOn ? (
        <>
          <dt>{t("reminders.kinds.overdue")}</dt>
          <dd className={view.overdueOn < today ? "overdue" : undefined}>
            {view.overdueOn < today
              ? t("applications.overdue", { date: view.overdueOn })
              : t("applications.dueBy", { date: view.overdueOn })}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The frozen checklist the application was submitted with; `fileUrl` opens one of its evidence files. */
export function SnapshotPanel({
  view,
  fileUrl,
}: {
  view: ApplicationView;
  fileUrl: (evidenceId: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const s = view.snapshot;
  if (!s) return null;
  const rows: FrozenRow[] = s.results.map((r) => ({
    criterionId: r.criterionId,
    state: r.state,
    deemedMet: r.deemedMet,
    naReason: r.naReason,
    evidence: r.evidence.map((e) => ({ ...e, hasFile: e.sha256 !== null })),
  }));
  return (
    <section className="panel" aria-labelledby="snapshot-heading">
      <h2 id="snapshot-heading">{t("applications.snapshot")}</h2>
      <p>
        {t("applications.snapshotSummary", {
          version: s.catalogVersion,
          ready: s.readiness.counts.ready,
          total: s.readiness.counts.total,
          taken: formatDateTime(s.takenAt, i18n.language),
        })}
      </p>
      <p className="meta">
        <code>{view.snapshotHash}</code>
      </p>
      <FrozenChecklist rows={rows} fileUrl={fileUrl} />
    </section>
  );
}
