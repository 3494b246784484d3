import { useTranslation } from "react-i18next";
import type { ApplicationEvent, Attachment } from "../api/applications.ts";
import { attachmentLabel } from "../api/evidence-text.ts";

/** The dated steps of an application: what, when, by whom, with which documents. */
export function ApplicationTimeline({
  events,
  fileUrl,
}: {
  events: ApplicationEvent[];
  fileUrl: (attachment: Attachment) => string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t("applications.timeline")}</h2>
      <ol className="timeline" data-testid="timeline">
        {events.map((e) => (
          <li key={e.id} data-action={e.action}>
            <p>
              <time dateTime={e.occurredOn}>{e.occurredOn}</time>{" "}
              <strong>{t(`applicationSteps.${e.action}`)}</strong>
              {e.toState !== e.fromState ? <> → {t(`applicationStates.${e.toState}`)}</> : null}
            </p>
            <p className="meta">
              {t("applications.by", {
                name: e.actor.name,
                kind: t(`applications.actorKinds.${e.actor.kind}`),
              })}
              {typeof e.data.applicationNumber === "string"
                ? ` · ${t("applications.applicationNumber")}: ${e.data.applicationNumber}`
                : ""}
              {typeof e.data.registrationNumber === "string"
                ? ` · ${t("applications.registrationNumber")}: ${e.data.registrationNumber}`
                : ""}
              {typeof e.data.acceptanceNumber === "string"
                ? ` · ${t("applications.acceptanceNumber")}: ${e.data.acceptanceNumber}`
                : ""}
              {typeof e.data.provisionalNumber === "string"
                ? ` · ${t("applications.provisionalNumber")}: ${e.data.provisionalNumber}`
                : ""}
              {typeof e.data.labelExpiresOn === "string"
                ? ` · ${t("applications.labelValidity")}: ${e.data.labelExpiresOn}`
                : ""}
              {e.action === "request_extension"
                ? ` · ${t("applications.extensionFee")}: ${
                    typeof e.data.fee === "number" ? e.data.fee : t("applications.extensionFeeTbc")
                  }`
                : ""}
            </p>
            {e.note ? <p className="note">{e.note}</p> : null}
            {e.attachments.length > 0 ? (
              <ul className="plain-list">
                {e.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={fileUrl(a)} download>
                      {attachmentLabel(a, i18n.language)}
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Every document attached to any step, newest last. */
export function ApplicationDocuments({
  events,
  fileUrl,
}: {
  events: ApplicationEvent[];
  fileUrl: (attachment: Attachment) => string;
}) {
  const { t, i18n } = useTranslation();
  const docs = events.flatMap((e) => e.attachments.map((a) => ({ a, e })));
  return (
    <section className="panel" aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t("applications.documents")}</h2>
      {docs.length === 0 ? <p>{t("applications.noDocuments")}</p> : null}
      <ul className="plain-list">
        {docs.map(({ a, e }) => (
          <li key={`${e.id}-${a.id}`}>
            <a href={fileUrl(a)} download>
              {attachmentLabel(a, i18n.language)}
            </a>
            <span className="meta">
              {" "}
              — {e.occurredOn} · {t(`applicationSteps.${e.action}`)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
