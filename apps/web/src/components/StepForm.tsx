import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type ApplicationView,
  NEEDS_NOTE,
  type StepAction,
  type TransitionBody,
} from "../api/applications.ts";
import { sendFile, uploadQuery } from "../api/vault.ts";
import { SelectField, TextField } from "./Field.tsx";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

const FIELDS = ["occurredOn", "note", "applicationNumber", "registrationNumber", "attachments"];

/**
 * Records the next step of an application: the step (only the ones allowed now), its date, a reason or note,
 * the numbers IPA gives, and a document (uploaded to the vault first, then attached).
 */
export function StepForm<View extends ApplicationView>({
  view,
  actor,
  post,
  onDone,
}: {
  view: View;
  actor: "maker" | "operator";
  post: (body: TransitionBody) => Promise<View>;
  onDone: (view: View) => void;
}) {
  const { t } = useTranslation();
  const actions = view.nextActions;
  const [action, setAction] = useState<StepAction>(actions[0] ?? "mark_ready");
  const [occurredOn, setOccurredOn] = useState("");
  const [note, setNote] = useState("");
  const [number, setNumber] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const step = useFormAction(FIELDS);
  if (actions.length === 0) return <p>{t("applications.noNextSteps")}</p>;
  const chosen = actions.includes(action) ? action : (actions[0] as StepAction);
  const typed = view.channel === "ipa";
  const askApplicationNumber = chosen === "record_number" && typed;
  const askRegistrationNumber = chosen === "issue_label" && typed;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const result = await step.run(async () => {
      const attachments: string[] = [];
      if (file && actor === "maker") {
        const evidence = await sendFile(
          `/api/evidence/files?${uploadQuery(file, { kind: "document", productId: view.productId })}`,
          file,
          () => {},
        );
        attachments.push(evidence.id);
      }
      return post({
        action: chosen,
        version: view.version,
        ...(occurredOn ? { occurredOn } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(askApplicationNumber ? { applicationNumber: number.trim() } : {}),
        ...(askRegistrationNumber ? { registrationNumber: number.trim() } : {}),
        attachments,
      });
    });
    if (result.ok) {
      setNote("");
      setNumber("");
      setFile(null);
      setOccurredOn("");
      onDone(result.value);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="step-form">
      <FormError failure={step.failure} />
      <SelectField
        id="step-action"
        label={t("applications.step")}
        value={chosen}
        onChange={setAction}
        options={actions.map((a) => ({ value: a, label: t(`applicationSteps.${a}`) }))}
      />
      <div className="field">
        <label htmlFor="step-date">{t("applications.occurredOn")}</label>
        <input
          id="step-date"
          name="step-date"
          type="date"
          value={occurredOn}
          onChange={(e) => setOccurredOn(e.target.value)}
        />
      </div>
      {askApplicationNumber || askRegistrationNumber ? (
        <TextField
          id="step-number"
          label={t(
            askApplicationNumber ? "applications.applicationNumber" : "applications.registrationNumber",
          )}
          required
          value={number}
          onChange={setNumber}
          maxLength={64}
          error={step.failure?.fields.applicationNumber ?? step.failure?.fields.registrationNumber}
        />
      ) : null}
      <TextField
        id="step-note"
        label={t("applications.note")}
        required={NEEDS_NOTE.includes(chosen)}
        hint={chosen === "revoke" ? t("applications.revokeNotePublic") : undefined}
        multiline
        value={note}
        onChange={setNote}
        maxLength={5000}
        error={step.failure?.fields.note}
      />
      {actor === "maker" ? (
        <div className="field">
          <label htmlFor="step-file">{t("applications.attachment")}</label>
          <input
            id="step-file"
            name="step-file"
            type="file"
            accept=".eml,.pdf,.png,.svg,message/rfc822,application/pdf"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
      ) : null}
      <button type="submit" disabled={step.busy}>
        {t("applications.record")}
      </button>
    </form>
  );
}
