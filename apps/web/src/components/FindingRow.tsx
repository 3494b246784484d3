import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import type { Rules } from "../api/rules.ts";
import type { Finding } from "../api/vuln.ts";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

/** One finding: what, where, how severe, fixed in; its VEX statement, or a form to record one (editors). */
export function FindingRow({
  finding,
  releaseId,
  canEdit,
  justifications,
  onChange,
}: {
  finding: Finding;
  releaseId: string;
  canEdit: boolean;
  /** The VEX justifications the server accepts (GET /api/rules). */
  justifications: Rules["vexJustifications"];
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [picked, setJustification] = useState<Rules["vexJustifications"][number] | null>(null);
  const justification = picked ?? justifications[0];
  const [detail, setDetail] = useState("");
  const save = useFormAction(["detail", "justification"]);
  const f = finding;
  const formId = `vex-${f.id}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!justification) return;
    const result = await save.run(() =>
      ok(
        client.PUT("/api/releases/{releaseId}/vex", {
          params: { path: { releaseId } },
          body: {
            vulnId: f.vulnId,
            componentKey: f.componentKey,
            justification,
            detail,
            version: f.statement?.version ?? 0,
          },
        }),
      ),
    );
    if (result.ok) {
      setOpen(false);
      onChange();
    }
  }

  async function withdraw() {
    if (!f.statement) return;
    const result = await save.run(() =>
      ok(
        client.DELETE("/api/vex/{statementId}", { params: { path: { statementId: f.statement?.id ?? "" } } }),
      ),
    );
    if (result.ok) onChange();
  }

  return (
    <tr className={f.blocking ? "finding-blocking" : undefined}>
      <td>
        <span className={`severity severity-${f.severity}`}>{t(`vuln.severities.${f.severity}`)}</span>
        {f.score !== null ? <span className="meta"> {f.score.toFixed(1)}</span> : null}
      </td>
      <td className="mono">
        {f.vulnId}
        {f.aliases.length ? <div className="meta">{f.aliases.slice(0, 3).join(", ")}</div> : null}
        {f.summary ? <div className="meta">{f.summary}</div> : null}
      </td>
      <td>
        {f.componentName} <span className="mono">{f.componentVersion ?? ""}</span>
      </td>
      <td className="mono">{f.fixedVersions.join(", ") || "—"}</td>
      <td>{f.scanKind === "match" ? f.source : f.scanKind}</td>
      <td>
        {f.status === "not_affected" && f.statement ? (
          <>
            <strong>{t("vuln.notAffected")}</strong>
            <div>{t(`vuln.justifications.${f.statement.justification}`)}</div>
            <div className="meta">{f.statement.detail}</div>
            <div className="meta">
              {t("vuln.by", {
                who: f.statement.updatedByName ?? "—",
                date: f.statement.updatedAt.slice(0, 16),
              })}
            </div>
            {canEdit ? (
              <button
                type="button"
                className="link-button"
                onClick={() => void withdraw()}
                disabled={save.busy}
              >
                {t("vuln.withdraw")}
              </button>
            ) : null}
          </>
        ) : (
          <>
            <strong>{f.blocking ? t("vuln.blocking") : t("vuln.affected")}</strong>
            {canEdit && !open ? (
              <div>
                <button type="button" className="link-button" onClick={() => setOpen(true)}>
                  {t("vuln.markNotAffected")}
                </button>
              </div>
            ) : null}
            {open ? (
              <form id={formId} onSubmit={(e) => void submit(e)} className="vex-form">
                <FormError failure={save.failure} />
                <label htmlFor={`${formId}-j`}>{t("vuln.justification")}</label>
                <select
                  id={`${formId}-j`}
                  value={justification}
                  onChange={(e) =>
                    setJustification(
                      justifications.find((j) => j === e.target.value) ?? justification ?? null,
                    )
                  }
                >
                  {justifications.map((j) => (
                    <option key={j} value={j}>
                      {t(`vuln.justifications.${j}`)}
                    </option>
                  ))}
                </select>
                <label htmlFor={`${formId}-d`}>{t("vuln.detail")}</label>
                <textarea
                  id={`${formId}-d`}
                  required
                  maxLength={5000}
                  value={detail}
                  aria-describedby={`${formId}-h`}
                  onChange={(e) => setDetail(e.target.value)}
                />
                <p id={`${formId}-h`} className="hint">
                  {t("vuln.detailHint")}
                </p>
                <button type="submit" disabled={save.busy}>
                  {t("vuln.record")}
                </button>
              </form>
            ) : null}
          </>
        )}
      </td>
    </tr>
  );
}
