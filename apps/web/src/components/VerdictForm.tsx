import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import type { Criterion, CriterionResult, CriterionState, Evidence } from "../api/types.ts";
import { useDraft } from "./draft.ts";
import { DeviceTestEvidenceForm, DocumentEvidenceForm } from "./EvidenceForms.tsx";
import { EvidencePicker } from "./EvidencePicker.tsx";
import { RadioGroup, TextField } from "./Field.tsx";
import { FormError } from "./FormMessage.tsx";
import { type Failure, useFormAction } from "./form-action.ts";
import { emptyToNull, type FieldErrors, hasErrors } from "./validate.ts";

const STATES: CriterionState[] = ["conformant", "not_applicable", "non_conformant", "not_assessed"];

type Props = {
  assessmentId: string;
  criterion: Criterion;
  result: CriterionResult;
  evidence: Evidence[];
  /** Evidence of this product: what the picker offers by default (with the method's kind). */
  productEvidenceIds: ReadonlySet<string>;
  onEvidenceCreated: (evidence: Evidence) => void;
  /** After a save (reload the assessment); a conflict reloads too, with a message. */
  onSaved: () => Promise<void>;
  onConflict: (failure: Failure) => Promise<void>;
};

/** The verdict of one criterion: state, N/A reason, notes and linked evidence, plus inline evidence forms. */
export function VerdictForm({
  assessmentId,
  criterion,
  result,
  evidence,
  productEvidenceIds,
  onEvidenceCreated,
  onSaved,
  onConflict,
}: Props) {
  const { t } = useTranslation();
  const prefix = `c-${criterion.id}`;
  const draftKey = `verdict:${assessmentId}:${criterion.id}`;
  const initial = {
    state: result.state,
    naReason: result.naReason ?? "",
    notes: result.notes ?? "",
    // Changes to the links, not the whole list: links this form did not touch (an upload, another user) stay.
    link: [] as string[],
    unlink: [] as string[],
  };
  const [values, setValues, clearDraft] = useDraft(draftKey, initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [adding, setAdding] = useState<"document" | "device" | null>(null);
  const { busy, failure, run } = useFormAction(["state", "naReason", "notes", "linkEvidenceIds"]);
  const naAllowed = criterion.notApplicableWhen !== null;
  const linked = new Set(result.evidence.map((e) => e.id));
  const selected = new Set([...linked, ...values.link].filter((id) => !values.unlink.includes(id)));
  const choices = [...result.evidence.filter((e) => !evidence.some((x) => x.id === e.id)), ...evidence];

  function toggle(id: string, on: boolean) {
    setValues((v) => {
      const link = v.link.filter((x) => x !== id);
      const unlink = v.unlink.filter((x) => x !== id);
      if (on && !linked.has(id)) link.push(id);
      if (!on && linked.has(id)) unlink.push(id);
      return { ...v, link, unlink };
    });
  }

  function check(): FieldErrors {
    const found: FieldErrors = {};
    const chosen = choices.filter((e) => selected.has(e.id));
    if (values.state === "not_applicable" && !values.naReason.trim())
      found.naReason = t("verdict.naReasonRequired");
    if (values.naReason.length > 5000) found.naReason = t("validation.max", { n: 5000 });
    if (values.notes.length > 10000) found.notes = t("validation.max", { n: 10000 });
    if (values.state === "conformant") {
      const needDoc = criterion.method !== "device" && !chosen.some((e) => e.type === "document");
      const needDevice = criterion.method !== "document" && !chosen.some((e) => e.type === "device_test");
      if (needDoc || needDevice)
        found.linkEvidenceIds = t(
          needDoc && needDevice
            ? "verdict.needBoth"
            : needDoc
              ? "verdict.needDocument"
              : "verdict.needDevice",
        );
    }
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    setErrors(found);
    if (hasErrors(found)) return;
    const body = {
      state: values.state,
      naReason: values.state === "not_applicable" ? emptyToNull(values.naReason) : null,
      notes: emptyToNull(values.notes),
      version: result.version,
      linkEvidenceIds: values.link,
      unlinkEvidenceIds: values.unlink,
    };
    const saved = await run(() =>
      ok(
        client.PUT("/api/assessments/{assessmentId}/results/{criterionId}", {
          params: { path: { assessmentId, criterionId: criterion.id } },
          body,
        }),
      ),
    );
    if (saved.ok) {
      clearDraft();
      await onSaved();
    } else if (saved.failure.code === "VERSION_CONFLICT") {
      clearDraft();
      await onConflict(saved.failure);
    }
  }

  const err = (f: string) => errors[f] ?? failure?.fields[f];
  return (
    <div className="verdict">
      <form onSubmit={submit} noValidate aria-label={t("verdict.formLabel", { id: criterion.id })}>
        <RadioGroup
          id={`${prefix}-state`}
          label={t("verdict.state")}
          value={values.state}
          onChange={(state) => setValues((v) => ({ ...v, state }))}
          error={err("state")}
          options={STATES.map((s) => ({
            value: s,
            label: t(`states.${s}`),
            disabled: s === "not_applicable" && !naAllowed && values.state !== s,
          }))}
          hint={naAllowed ? undefined : t("verdict.naNotAllowed")}
        />
        {values.state === "not_applicable" ? (
          <TextField
            id={`${prefix}-naReason`}
            label={t("verdict.naReason")}
            value={values.naReason}
            onChange={(naReason) => setValues((v) => ({ ...v, naReason }))}
            error={err("naReason")}
            multiline
            required
          />
        ) : null}
        <TextField
          id={`${prefix}-notes`}
          label={t("verdict.notes")}
          value={values.notes}
          onChange={(notes) => setValues((v) => ({ ...v, notes }))}
          error={err("notes")}
          multiline
        />
        <fieldset
          className="checks evidence-picker"
          aria-describedby={err("linkEvidenceIds") ? `${prefix}-evidence-error` : undefined}
        >
          <legend>{t("verdict.evidence")}</legend>
          <EvidencePicker
            prefix={prefix}
            criterion={criterion}
            choices={choices}
            selected={selected}
            ofProduct={productEvidenceIds}
            onToggle={toggle}
          />
          {err("linkEvidenceIds") ? (
            <p className="field-error" id={`${prefix}-evidence-error`}>
              {err("linkEvidenceIds")}
            </p>
          ) : null}
        </fieldset>
        <FormError failure={failure} />
        <button type="submit" disabled={busy}>
          {t("verdict.save")}
        </button>
      </form>
      <div className="buttons add-evidence">
        {criterion.method !== "device" ? (
          <button
            type="button"
            className="secondary"
            aria-expanded={adding === "document"}
            onClick={() => setAdding(adding === "document" ? null : "document")}
          >
            {t("evidence.addDocument")}
          </button>
        ) : null}
        {criterion.method !== "document" ? (
          <button
            type="button"
            className="secondary"
            aria-expanded={adding === "device"}
            onClick={() => setAdding(adding === "device" ? null : "device")}
          >
            {t("evidence.addDevice")}
          </button>
        ) : null}
      </div>
      {adding === "document" ? (
        <DocumentEvidenceForm
          idPrefix={prefix}
          draftKey={draftKey}
          onCancel={() => setAdding(null)}
          onCreated={(e) => {
            onEvidenceCreated(e);
            toggle(e.id, true);
            setAdding(null);
          }}
        />
      ) : null}
      {adding === "device" ? (
        <DeviceTestEvidenceForm
          idPrefix={prefix}
          draftKey={draftKey}
          onCancel={() => setAdding(null)}
          onCreated={(e) => {
            onEvidenceCreated(e);
            toggle(e.id, true);
            setAdding(null);
          }}
        />
      ) : null}
    </div>
  );
}
