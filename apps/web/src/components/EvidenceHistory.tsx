import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import { inLang } from "../api/evidence-text.ts";
import type { Evidence } from "../api/types.ts";
import { formatBytes } from "../api/vault.ts";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

/**
 * The revisions of one evidence, oldest first, in a modal <dialog> (Escape closes it; focus returns to the
 * button that opened it).
 */
export function EvidenceHistory({ evidence, onClose }: { evidence: Evidence; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [items, setItems] = useState<Evidence[] | null>(null);
  const { failure, run } = useFormAction();
  const name = evidence.file?.originalName ?? inLang(evidence, i18n.language).title;
  const headingId = `history-${evidence.id}-title`;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    return () => opener?.focus();
  }, []);
  useEffect(() => {
    void run(() =>
      ok(client.GET("/api/evidence/{evidenceId}/history", { params: { path: { evidenceId: evidence.id } } })),
    ).then((r) => {
      if (r.ok) setItems(r.value);
    });
  }, [evidence.id, run]);

  return (
    <dialog ref={dialog} className="history-dialog" aria-labelledby={headingId} onClose={onClose}>
      <h2 id={headingId}>{t("files.historyTitle", { name })}</h2>
      <FormError failure={failure} />
      {items ? (
        <ol className="history-list" data-testid="history-list">
          {items.map((e, i) => (
            <li key={e.id} data-revision={e.revision ?? 1}>
              <strong>{t("files.revisionN", { n: e.revision ?? 1 })}</strong>
              {i === items.length - 1 ? <span className="badge">{t("files.current")}</span> : null}
              <dl className="facts">
                <dt>{t("files.recordedAt")}</dt>
                <dd>{e.createdAt.replace("T", " ").slice(0, 19)}</dd>
                <dt>{t("files.fileName")}</dt>
                <dd>{e.file?.originalName ?? inLang(e, i18n.language).title}</dd>
                {e.file ? (
                  <>
                    <dt>{t("files.size")}</dt>
                    <dd>{formatBytes(e.file.size)}</dd>
                    <dt>{t("files.sha256")}</dt>
                    <dd className="mono break">{e.file.sha256}</dd>
                  </>
                ) : null}
                {e.claim ? (
                  <>
                    <dt>{t("files.claimedBy")}</dt>
                    <dd>
                      <q>{e.claim.by ?? "-"}</q> <small>{t("files.claimed")}</small>
                    </dd>
                    <dt>{t("files.claimedAt")}</dt>
                    <dd>
                      <q>{e.claim.at ?? "-"}</q> <small className="mono break">{e.claim.source}</small>
                    </dd>
                  </>
                ) : null}
              </dl>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="buttons">
        <button type="button" onClick={() => dialog.current?.close()}>
          {t("files.close")}
        </button>
      </div>
    </dialog>
  );
}
