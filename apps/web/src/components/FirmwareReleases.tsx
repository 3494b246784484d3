import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { client, ok, seg } from "../api/client.ts";
import type { FirmwareRelease } from "../api/types.ts";
import { DateField } from "./DateField.tsx";
import { dateValue } from "./date-input.ts";
import { useDraft } from "./draft.ts";
import { TextField } from "./Field.tsx";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";
import { emptyToNull, type FieldErrors, hasErrors, makeChecks, validate } from "./validate.ts";

const EMPTY = { version: "", releasedOn: "", notes: "", securityFixes: "" };

/** Firmware releases of a product, newest first, and a form to add one. */
export function FirmwareReleases({ productId, canEdit }: { productId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<FirmwareRelease[] | null>(null);
  const [draft, setDraft, clearDraft] = useDraft(`releases:${productId}`, EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const list = useFormAction();
  const add = useFormAction(["version", "releasedOn", "notes", "securityFixes"]);
  const listRun = list.run;
  const check = makeChecks(t);

  const load = useCallback(async () => {
    const result = await listRun(() =>
      ok(client.GET("/api/products/{productId}/releases", { params: { path: { productId } } })),
    );
    if (result.ok) setItems(result.value);
  }, [productId, listRun]);
  useEffect(() => {
    void load();
  }, [load]);

  const set = (key: keyof typeof EMPTY) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(draft, {
      version: [check.required, check.max(100)],
      releasedOn: [check.required, check.date],
      notes: [check.max(10000)],
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const securityFixes = draft.securityFixes
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const body = {
      version: draft.version.trim(),
      releasedOn: dateValue(draft.releasedOn),
      notes: emptyToNull(draft.notes),
      securityFixes,
    };
    const result = await add.run(() =>
      ok(client.POST("/api/products/{productId}/releases", { params: { path: { productId } }, body })),
    );
    if (!result.ok) return;
    clearDraft(EMPTY);
    await load();
  }

  const err = (f: string) => errors[f] ?? add.failure?.fields[f];
  return (
    <section className="panel" aria-labelledby="releases-heading">
      <h2 id="releases-heading">{t("releases.title")}</h2>
      <FormError failure={list.failure} />
      {items && items.length === 0 ? <p>{t("releases.empty")}</p> : null}
      {items && items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("releases.version")}</th>
              <th scope="col">{t("releases.releasedOn")}</th>
              <th scope="col">{t("releases.securityFixes")}</th>
              <th scope="col">{t("releases.notes")}</th>
              <th scope="col">{t("vuln.link")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td className="mono">{r.version}</td>
                <td>{r.releasedOn}</td>
                <td>{r.securityFixes.join(", ")}</td>
                <td>{r.notes}</td>
                <td>
                  <Link to={`/products/${seg(productId)}/releases/${seg(r.id)}`}>{t("vuln.link")}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canEdit ? (
        <form onSubmit={submit} noValidate className="inline-form">
          <h3>{t("releases.add")}</h3>
          <TextField
            id="release-version"
            label={t("releases.version")}
            value={draft.version}
            onChange={set("version")}
            error={err("version")}
            required
            maxLength={100}
          />
          <DateField
            id="release-date"
            label={t("releases.releasedOn")}
            value={draft.releasedOn}
            onChange={set("releasedOn")}
            error={err("releasedOn")}
            required
          />
          <TextField
            id="release-fixes"
            label={t("releases.securityFixes")}
            hint={t("releases.securityFixesHint")}
            value={draft.securityFixes}
            onChange={set("securityFixes")}
            error={err("securityFixes")}
            multiline
          />
          <TextField
            id="release-notes"
            label={t("releases.notes")}
            value={draft.notes}
            onChange={set("notes")}
            error={err("notes")}
            multiline
          />
          <FormError failure={add.failure} />
          <button type="submit" disabled={add.busy}>
            {t("releases.addButton")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
