import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok, type Schemas } from "../api/client.ts";
import { CheckboxField, Group, TextField } from "./Field.tsx";
import { FormError, FormSuccess } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

export type StoredInputs = Schemas["DocumentInputs"];

type Kind = "text" | "url" | "email" | "number" | "bool" | "multiline" | "langs";
type FieldDef = { key: string; path: string; kind: Kind; nullable?: boolean };

/** The inputs form, as data: group → fields (dotted path into the inputs JSON). */
const GROUPS: Array<[string, FieldDef[]]> = [
  ["general", [{ key: "productCode", path: "productCode", kind: "text", nullable: true }]],
  [
    "contact",
    [
      { key: "contactEmail", path: "contact.email", kind: "email", nullable: true },
      { key: "contactFormUrl", path: "contact.formUrl", kind: "url", nullable: true },
      { key: "contactDepartmentJa", path: "contact.department.ja", kind: "text" },
      { key: "contactDepartmentEn", path: "contact.department.en", kind: "text" },
      { key: "encryptionKeyUrl", path: "contact.encryptionKeyUrl", kind: "url", nullable: true },
    ],
  ],
  [
    "disclosure",
    [
      { key: "policyUrl", path: "disclosure.policyUrl", kind: "url", nullable: true },
      { key: "securityTxtUrl", path: "disclosure.securityTxtUrl", kind: "url", nullable: true },
      { key: "preferredLanguages", path: "disclosure.preferredLanguages", kind: "langs" },
      { key: "acknowledgeBusinessDays", path: "disclosure.acknowledgeBusinessDays", kind: "number" },
      { key: "statusUpdateDays", path: "disclosure.statusUpdateDays", kind: "number" },
      { key: "coordinatedDisclosureDays", path: "disclosure.coordinatedDisclosureDays", kind: "number" },
      { key: "securityTxtValidDays", path: "disclosure.securityTxtValidDays", kind: "number" },
    ],
  ],
  [
    "updates",
    [
      { key: "appEnabled", path: "updates.app.enabled", kind: "bool" },
      { key: "appName", path: "updates.app.name", kind: "text" },
      { key: "webUiEnabled", path: "updates.webUi.enabled", kind: "bool" },
      { key: "webUiMenuJa", path: "updates.webUi.menuPath.ja", kind: "text" },
      { key: "webUiMenuEn", path: "updates.webUi.menuPath.en", kind: "text" },
      { key: "downloadEnabled", path: "updates.download.enabled", kind: "bool" },
      { key: "downloadUrl", path: "updates.download.url", kind: "url", nullable: true },
      { key: "automatic", path: "updates.automatic", kind: "bool" },
      { key: "releaseNotesUrl", path: "updates.releaseNotesUrl", kind: "url", nullable: true },
      { key: "criticalFixDays", path: "updates.criticalFixDays", kind: "number" },
      { key: "otherFixDays", path: "updates.otherFixDays", kind: "number" },
      { key: "notificationJa", path: "updates.notificationChannels.ja", kind: "text" },
      { key: "notificationEn", path: "updates.notificationChannels.en", kind: "text" },
    ],
  ],
  [
    "userInfo",
    [
      { key: "supportUrl", path: "userInfo.supportUrl", kind: "url", nullable: true },
      { key: "initialSetupJa", path: "userInfo.initialSetup.ja", kind: "multiline" },
      { key: "initialSetupEn", path: "userInfo.initialSetup.en", kind: "multiline" },
      { key: "resetStepsJa", path: "userInfo.resetSteps.ja", kind: "multiline" },
      { key: "resetStepsEn", path: "userInfo.resetSteps.en", kind: "multiline" },
      { key: "disposalJa", path: "userInfo.disposal.ja", kind: "multiline" },
      { key: "disposalEn", path: "userInfo.disposal.en", kind: "multiline" },
    ],
  ],
];

function getAt(data: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], data);
}

function setAt(data: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head = "", ...rest] = path.split(".");
  if (rest.length === 0) return { ...data, [head]: value };
  return { ...data, [head]: setAt((data[head] as Record<string, unknown>) ?? {}, rest.join("."), value) };
}

function toText(f: FieldDef, value: unknown): string {
  if (f.kind === "langs") return Array.isArray(value) ? value.join(", ") : "";
  return value === null || value === undefined ? "" : String(value);
}

function fromText(f: FieldDef, text: string): unknown {
  if (f.kind === "langs")
    return text
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (f.kind === "number") return text.trim() === "" ? 0 : Number(text);
  return f.nullable && text.trim() === "" ? null : text;
}

/** Edits a product's document inputs; saving sends the version read (409 when someone saved in between). */
export function DocumentInputsForm({
  productId,
  initial,
  canEdit,
  onSaved,
}: {
  productId: string;
  initial: StoredInputs;
  canEdit: boolean;
  onSaved: (saved: StoredInputs) => void;
}) {
  const { t } = useTranslation();
  const [data, setData] = useState(initial.data);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, failure, run } = useFormAction();

  async function save(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const result = await run(() =>
      ok(
        client.PUT("/api/products/{productId}/documents/inputs", {
          params: { path: { productId } },
          body: { version: initial.version, data },
        }),
      ),
    );
    if (!result.ok) return;
    setNotice(t("documentsPage.inputsSaved"));
    onSaved(result.value);
  }

  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <p className="hint">{t("documentsPage.supportEndHint")}</p>
      {GROUPS.map(([group, fields]) => (
        <Group key={group} legend={t(`documentsPage.groups.${group}`)}>
          {fields.map((f) =>
            f.kind === "bool" ? (
              <CheckboxField
                key={f.key}
                id={`doc-${f.key}`}
                label={t(`documentsPage.fields.${f.key}`)}
                checked={getAt(data, f.path) === true}
                disabled={!canEdit}
                onChange={(checked) => setData(setAt(data, f.path, checked))}
              />
            ) : (
              <TextField
                key={f.key}
                id={`doc-${f.key}`}
                label={t(`documentsPage.fields.${f.key}`)}
                value={toText(f, getAt(data, f.path))}
                type={f.kind === "url" ? "url" : f.kind === "email" ? "email" : "text"}
                inputMode={f.kind === "number" ? "numeric" : undefined}
                multiline={f.kind === "multiline"}
                maxLength={4000}
                disabled={!canEdit}
                onChange={(text) => setData(setAt(data, f.path, fromText(f, text)))}
              />
            ),
          )}
        </Group>
      ))}
      <FormError failure={failure} />
      <FormSuccess message={notice} />
      {canEdit ? (
        <button type="submit" disabled={busy}>
          {t("common.save")}
        </button>
      ) : null}
    </form>
  );
}
