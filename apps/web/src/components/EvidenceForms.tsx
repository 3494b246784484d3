import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import { inLang } from "../api/evidence-text.ts";
import type { Evidence } from "../api/types.ts";
import { DateField } from "./DateField.tsx";
import { dateValue } from "./date-input.ts";
import { useDraft } from "./draft.ts";
import { TextField } from "./Field.tsx";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";
import { emptyToNull, type FieldErrors, hasErrors, makeChecks, validate } from "./validate.ts";

const EMPTY_DOC = {
  documentName: "",
  documentNumber: "",
  documentVersion: "",
  location: "",
  url: "",
  notes: "",
};
const EMPTY_DEVICE = { recordName: "", resultSummary: "", testedOn: "", tester: "", notes: "" };

type Props = {
  idPrefix: string;
  draftKey: string;
  onCreated: (evidence: Evidence) => void;
  onCancel: () => void;
};

/** A document reference: document name, number, version, and where the basis is (page/chapter or URL). */
export function DocumentEvidenceForm({ idPrefix, draftKey, onCreated, onCancel }: Props) {
  const { t } = useTranslation();
  const [values, setValues, clear] = useDraft(`${draftKey}:doc`, EMPTY_DOC);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, failure, run } = useFormAction(Object.keys(EMPTY_DOC));
  const check = makeChecks(t);
  const set = (k: keyof typeof EMPTY_DOC) => (v: string) => setValues((s) => ({ ...s, [k]: v }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(values, {
      documentName: [check.required, check.max(300)],
      documentNumber: [check.max(100)],
      documentVersion: [check.max(100)],
      location: [(v) => (v.trim() || values.url.trim() ? null : t("evidence.locationOrUrl")), check.max(300)],
      url: [check.url, check.max(2000)],
      notes: [check.max(5000)],
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const body = {
      type: "document" as const,
      documentName: values.documentName.trim(),
      documentNumber: emptyToNull(values.documentNumber),
      documentVersion: emptyToNull(values.documentVersion),
      location: emptyToNull(values.location),
      url: emptyToNull(values.url),
      notes: emptyToNull(values.notes),
    };
    const result = await run(() => ok(client.POST("/api/evidence", { body })));
    if (!result.ok) return;
    clear(EMPTY_DOC);
    onCreated(result.value);
  }

  const id = (f: string) => `${idPrefix}-doc-${f}`;
  const err = (f: string) => errors[f] ?? failure?.fields[f];
  return (
    <form onSubmit={submit} noValidate className="evidence-form" aria-label={t("evidence.addDocument")}>
      <TextField
        id={id("documentName")}
        label={t("evidence.documentName")}
        value={values.documentName}
        onChange={set("documentName")}
        error={err("documentName")}
        required
      />
      <TextField
        id={id("documentNumber")}
        label={t("evidence.documentNumber")}
        value={values.documentNumber}
        onChange={set("documentNumber")}
        error={err("documentNumber")}
      />
      <TextField
        id={id("documentVersion")}
        label={t("evidence.documentVersion")}
        value={values.documentVersion}
        onChange={set("documentVersion")}
        error={err("documentVersion")}
      />
      <TextField
        id={id("location")}
        label={t("evidence.location")}
        hint={t("evidence.locationHint")}
        value={values.location}
        onChange={set("location")}
        error={err("location")}
      />
      <TextField
        id={id("url")}
        type="url"
        label={t("evidence.url")}
        value={values.url}
        onChange={set("url")}
        error={err("url")}
      />
      <TextField
        id={id("notes")}
        label={t("evidence.notes")}
        value={values.notes}
        onChange={set("notes")}
        error={err("notes")}
        multiline
      />
      <FormError failure={failure} />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {t("evidence.saveDocument")}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}

/** A device-test record: what was recorded, the result, when and by whom. */
export function DeviceTestEvidenceForm({ idPrefix, draftKey, onCreated, onCancel }: Props) {
  const { t } = useTranslation();
  const [values, setValues, clear] = useDraft(`${draftKey}:device`, EMPTY_DEVICE);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, failure, run } = useFormAction(Object.keys(EMPTY_DEVICE));
  const check = makeChecks(t);
  const set = (k: keyof typeof EMPTY_DEVICE) => (v: string) => setValues((s) => ({ ...s, [k]: v }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(values, {
      recordName: [check.required, check.max(300)],
      resultSummary: [check.required, check.max(5000)],
      testedOn: [check.required, check.date],
      tester: [check.required, check.max(200)],
      notes: [check.max(5000)],
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const body = {
      type: "device_test" as const,
      recordName: values.recordName.trim(),
      resultSummary: values.resultSummary.trim(),
      testedOn: dateValue(values.testedOn),
      tester: values.tester.trim(),
      notes: emptyToNull(values.notes),
    };
    const result = await run(() => ok(client.POST("/api/evidence", { body })));
    if (!result.ok) return;
    clear(EMPTY_DEVICE);
    onCreated(result.value);
  }

  const id = (f: string) => `${idPrefix}-dev-${f}`;
  const err = (f: string) => errors[f] ?? failure?.fields[f];
  return (
    <form onSubmit={submit} noValidate className="evidence-form" aria-label={t("evidence.addDevice")}>
      <TextField
        id={id("recordName")}
        label={t("evidence.recordName")}
        hint={t("evidence.recordNameHint")}
        value={values.recordName}
        onChange={set("recordName")}
        error={err("recordName")}
        required
      />
      <TextField
        id={id("resultSummary")}
        label={t("evidence.resultSummary")}
        value={values.resultSummary}
        onChange={set("resultSummary")}
        error={err("resultSummary")}
        multiline
        required
      />
      <DateField
        id={id("testedOn")}
        label={t("evidence.testedOn")}
        value={values.testedOn}
        onChange={set("testedOn")}
        error={err("testedOn")}
        required
      />
      <TextField
        id={id("tester")}
        label={t("evidence.tester")}
        value={values.tester}
        onChange={set("tester")}
        error={err("tester")}
        required
      />
      <TextField
        id={id("notes")}
        label={t("evidence.notes")}
        value={values.notes}
        onChange={set("notes")}
        error={err("notes")}
        multiline
      />
      <FormError failure={failure} />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {t("evidence.saveDevice")}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}

/** One line describing an evidence reference, as plain text. */
export function evidenceLabel(evidence: Evidence, t: (k: string) => string, lang: string): string {
  const e = inLang(evidence, lang);
  if (e.document) {
    const d = e.document;
    const parts = [d.documentName, d.documentNumber, d.documentVersion, d.location ?? d.url].filter(Boolean);
    return `${t("evidence.document")}: ${parts.join(" / ")}`;
  }
  if (e.deviceTest) {
    const d = e.deviceTest;
    return `${t("evidence.deviceTest")}: ${d.recordName} (${d.testedOn}, ${d.tester})`;
  }
  return e.title;
}
