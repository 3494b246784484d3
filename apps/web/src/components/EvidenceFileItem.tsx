import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { inLang } from "../api/evidence-text.ts";
import type { Evidence } from "../api/types.ts";
import { correctEvidenceFile, fileUrl, formatBytes } from "../api/vault.ts";
import { EvidenceHistory } from "./EvidenceHistory.tsx";
import { EvidencePreview } from "./EvidencePreview.tsx";
import { UploadStatus, useUpload } from "./UploadProgress.tsx";

function Verification({ evidence }: { evidence: Evidence }) {
  const { t } = useTranslation();
  const v = evidence.verification;
  if (!v) return <span className="verify-none">{t("files.notVerified")}</span>;
  if (v.ok)
    return <span className="verify-ok">✓ {t("files.verifiedOk", { date: v.checkedAt.slice(0, 10) })}</span>;
  return <span className="verify-failed">✗ {t("files.verifiedFailed", { problem: v.problem ?? "" })}</span>;
}

type Props = {
  idPrefix: string;
  evidence: Evidence;
  canEdit: boolean;
  /** Criteria the evidence is linked to (shown on the product's evidence page). */
  criteria?: string[];
  onChanged: (evidence: Evidence) => void;
};

/** One evidence file: name, size, hash, kind, revision, verification, preview, history and correction. */
export function EvidenceFileItem({ idPrefix, evidence, canEdit, criteria, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const [historyOpen, setHistoryOpen] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const { upload, failure, start, busy } = useUpload();
  const file = evidence.file;
  if (!file) return null;
  const name = file.originalName ?? inLang(evidence, i18n.language).title;
  const id = (f: string) => `${idPrefix}-${f}`;

  async function correct(chosen: File) {
    const revised = await start(chosen.name, (p) => correctEvidenceFile(evidence, chosen, p));
    if (input.current) input.current.value = "";
    if (revised) {
      setCorrecting(false);
      onChanged(revised);
    }
  }

  return (
    <li className="evidence-file" data-testid="evidence-file" data-evidence-id={evidence.id}>
      <dl className="facts">
        <dt>{t("files.fileName")}</dt>
        <dd data-testid="file-name">{name}</dd>
        <dt>{t("files.size")}</dt>
        <dd>
          {formatBytes(file.size)} <span className="meta">({file.size.toLocaleString()} B)</span>
        </dd>
        <dt>{t("files.sha256")}</dt>
        <dd>
          <code
            title={t("files.sha256Full", { hash: file.sha256 })}
            data-sha256={file.sha256}
            data-testid="sha256"
          >
            {file.sha256.slice(0, 12)}…
          </code>
        </dd>
        <dt>{t("files.type")}</dt>
        <dd>
          {evidence.kind ? t(`kinds.${evidence.kind}`) : "—"} <span className="meta">({file.mediaType})</span>
        </dd>
        <dt>{t("files.revision")}</dt>
        <dd data-testid="revision">{t("files.revisionN", { n: evidence.revision ?? 1 })}</dd>
        <dt>{t("files.verification")}</dt>
        <dd data-testid="verification">
          <Verification evidence={evidence} />
        </dd>
        {criteria?.length ? (
          <>
            <dt>{t("files.criteria")}</dt>
            <dd className="mono">{criteria.join(", ")}</dd>
          </>
        ) : null}
      </dl>
      <EvidencePreview evidence={evidence} />
      <div className="buttons">
        <a className="button secondary" href={fileUrl(evidence.id)} download={name}>
          {t("files.download")}
          <span className="visually-hidden"> {name}</span>
        </a>
        <button type="button" className="secondary" onClick={() => setHistoryOpen(true)}>
          {t("files.history")}
          <span className="visually-hidden"> {name}</span>
        </button>
        {canEdit && !correcting ? (
          <button type="button" className="secondary" onClick={() => setCorrecting(true)}>
            {t("files.correct")}
            <span className="visually-hidden"> {name}</span>
          </button>
        ) : null}
      </div>
      {correcting ? (
        <div className="field correct-file">
          <label htmlFor={id("correct")}>{t("files.correctFile", { name })}</label>
          <p className="hint" id={id("correct-hint")}>
            {t("files.correctHint")}
          </p>
          <input
            ref={input}
            id={id("correct")}
            name={id("correct")}
            type="file"
            // biome-ignore lint/a11y/noAutofocus: the input appears because the user asked to correct the file
            autoFocus
            disabled={busy}
            aria-describedby={id("correct-hint")}
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              if (chosen) void correct(chosen);
            }}
          />
          <button type="button" className="secondary small" onClick={() => setCorrecting(false)}>
            {t("common.cancel")}
          </button>
        </div>
      ) : null}
      <UploadStatus id={id("correct-status")} upload={upload} failure={failure} />
      {historyOpen ? <EvidenceHistory evidence={evidence} onClose={() => setHistoryOpen(false)} /> : null}
    </li>
  );
}
