import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApplicationView, StepAction, TransitionBody } from "../api/applications.ts";
import { sendFile, uploadQuery } from "../api/vault.ts";
import { DateField } from "./DateField.tsx";
import { dateValue } from "./date-input.ts";
import { SelectField, TextField } from "./Field.tsx";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";
import { UnverifiedMark } from "./UnverifiedMark.tsx";

const FIELDS = [
  "occurredOn",
  "note",
  "applicationNumber",
  "registrationNumber",
  "acceptanceNumber",
  "provisionalNumber",
  "labelExpiresOn",
  "attachments",
];

/** A date plus years (YYYY-MM-DD); 29 February becomes 28 February in a common year. */
function plusYears(day: string, years: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** The expiry the form offers: issuance + 2 years when issuing, the current expiry + 2 years when extending. */
function suggestedExpiry(action: StepAction, view: ApplicationView, occurredOn: string): string {
  if (action === "extend" && view.labelExpiresOn) return plusYears(view.labelExpiresOn, 2);
  return plusYears(occurredOn || new Date().toISOString().slice(0, 10), 2);
}

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
  const [acceptance, setAcceptance] = useState("");
  const [provisional, setProvisional] = useState("");
  const [expiry, setExpiry] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const step = useFormAction(FIELDS);
  if (actions.length === 0) return <p>{t("applications.noNextSteps")}</p>;
  const chosen = actions.find((a) => a === action) ?? actions[0] ?? action;
  const typed = view.channel === "ipa";
  const askApplicationNumber = chosen === "record_number" && typed;
  const askRegistrationNumber = chosen === "issue_label" && typed;
  const askAcceptance = chosen === "accept";
  const askExpiry = chosen === "issue_label" || chosen === "extend";
  const expiryValue = expiry || (askExpiry ? suggestedExpiry(chosen, view, dateValue(occurredOn)) : "");

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const result = await step.run(async () => {
      const attachments: string[] = [];
      if (file && actor === "maker") {
        const evidence = await sendFile(
          "/api/evidence/files",
          { query: uploadQuery(file, { kind: "document", productId: view.productId }) },
          file,
          () => {},
        );
        attachments.push(evidence.id);
      }
      return post({
        action: chosen,
        version: view.version,
        ...(occurredOn.trim() ? { occurredOn: dateValue(occurredOn) } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(askApplicationNumber ? { applicationNumber: number.trim() } : {}),
        ...(askRegistrationNumber ? { registrationNumber: number.trim() } : {}),
        ...(askAcceptance && acceptance.trim() ? { acceptanceNumber: acceptance.trim() } : {}),
        ...(askAcceptance && provisional.trim() ? { provisionalNumber: provisional.trim() } : {}),
        ...(askExpiry ? { labelExpiresOn: dateValue(expiryValue) } : {}),
        attachments,
      });
    });
    if (result.ok) {
      setNote("");
      setNumber("");
      setAcceptance("");
      setProvisional("");
      setExpiry("");
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
      <DateField
        id="step-date"
        label={t("applications.occurredOn")}
        value={occurredOn}
        onChange={setOccurredOn}
        error={step.failure?.fields.occurredOn}
      />
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
      {askAcceptance ? (
        <>
          <TextField
            id="step-acceptance-number"
            label={t("applications.acceptanceNumber")}
            required={typed}
            value={acceptance}
            onChange={setAcceptance}
            maxLength={64}
            error={step.failure?.fields.acceptanceNumber}
          />
          <TextField
            id="step-provisional-number"
            label={t("applications.provisionalNumber")}
            value={provisional}
            onChange={setProvisional}
            maxLength={64}
            error={step.failure?.fields.provisionalNumber}
          />
        </>
      ) : null}
      {chosen === "request_extension" || chosen === "extend" ? (
        <p className="meta" data-testid="extension-facts">
          {t("applications.extensionFee")} <UnverifiedMark {...view.lifecycleFacts.extensionFee} />{" "}
          <UnverifiedMark {...view.lifecycleFacts.extension} />
        </p>
      ) : null}
      {askExpiry ? (
        <DateField
          id="step-expiry"
          label={t(
            chosen === "extend"
              ? "applications.newExpiresOn"
              : typed
                ? "applications.labelExpiresOn"
                : "applications.labelExpiresOnRegistry",
          )}
          required
          value={expiryValue}
          onChange={setExpiry}
          error={step.failure?.fields.labelExpiresOn}
        />
      ) : null}
      <TextField
        id="step-note"
        label={t("applications.note")}
        required={view.noteRequired.includes(chosen)}
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
