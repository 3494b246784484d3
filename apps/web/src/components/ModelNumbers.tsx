import { type ChangeEvent, type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import type { ModelNumber } from "../api/types.ts";
import { useDraft } from "./draft.ts";
import { TextField } from "./Field.tsx";
import { FormError, FormSuccess } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";
import { emptyToNull, makeChecks } from "./validate.ts";

const MODEL_RE = /^[\p{L}\p{N}][\p{L}\p{N} ._\-/+()#]*$/u;

/** Model numbers of a product: list, add, remove, and CSV import (model number, optional note). */
export function ModelNumbers({ productId, canEdit }: { productId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const params = { path: { productId } };
  const [items, setItems] = useState<ModelNumber[] | null>(null);
  const [draft, setDraft, clearDraft] = useDraft(`models:${productId}`, { modelNumber: "", note: "" });
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [imported, setImported] = useState<string | null>(null);
  const list = useFormAction();
  const add = useFormAction(["modelNumber", "note"]);
  const csv = useFormAction();
  const listRun = list.run;

  const load = useCallback(async () => {
    const result = await listRun(() =>
      ok(client.GET("/api/products/{productId}/model-numbers", { params: { path: { productId } } })),
    );
    if (result.ok) setItems(result.value);
  }, [productId, listRun]);
  useEffect(() => {
    void load();
  }, [load]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = draft.modelNumber.trim();
    const problem =
      makeChecks(t).required(value) ??
      (value.length > 100 ? t("validation.max", { n: 100 }) : null) ??
      (MODEL_RE.test(value) ? null : t("models.invalid"));
    setFieldError(problem ?? undefined);
    if (problem) return;
    const result = await add.run(() =>
      ok(
        client.POST("/api/products/{productId}/model-numbers", {
          params,
          body: { modelNumber: value, note: emptyToNull(draft.note) },
        }),
      ),
    );
    if (!result.ok) return;
    clearDraft({ modelNumber: "", note: "" });
    await load();
  }

  async function remove(id: string) {
    const result = await list.run(() =>
      ok(
        client.DELETE("/api/products/{productId}/model-numbers/{modelNumberId}", {
          params: { path: { productId, modelNumberId: id } },
        }),
      ),
    );
    if (result.ok) await load();
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setImported(null);
    const text = await file.text();
    const result = await csv.run(() =>
      ok(
        client.POST("/api/products/{productId}/model-numbers/import", {
          params,
          body: text,
          headers: { "Content-Type": "text/csv; charset=utf-8" },
          bodySerializer: (body) => body,
        }),
      ),
    );
    if (!result.ok) return;
    setImported(t("models.imported", { added: result.value.added, skipped: result.value.skipped.length }));
    await load();
  }

  return (
    <section className="panel" aria-labelledby="models-heading">
      <h2 id="models-heading">{t("models.title")}</h2>
      <FormError failure={list.failure} />
      {items && items.length === 0 ? <p>{t("models.empty")}</p> : null}
      {items && items.length > 0 ? (
        <ul className="plain-list" data-testid="model-numbers">
          {items.map((m) => (
            <li key={m.id}>
              <span className="mono">{m.modelNumber}</span>
              {m.note ? <span className="meta"> — {m.note}</span> : null}
              {canEdit ? (
                <button
                  type="button"
                  className="small secondary"
                  onClick={() => void remove(m.id)}
                  aria-label={t("models.removeOne", { model: m.modelNumber })}
                >
                  {t("common.remove")}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit ? (
        <>
          <form onSubmit={submit} noValidate className="inline-form">
            <h3>{t("models.add")}</h3>
            <TextField
              id="modelNumber"
              label={t("models.modelNumber")}
              value={draft.modelNumber}
              onChange={(v) => setDraft((d) => ({ ...d, modelNumber: v }))}
              error={fieldError ?? add.failure?.fields.modelNumber}
              required
              maxLength={100}
            />
            <TextField
              id="modelNote"
              label={t("models.note")}
              value={draft.note}
              onChange={(v) => setDraft((d) => ({ ...d, note: v }))}
              error={add.failure?.fields.note}
              maxLength={500}
            />
            <FormError failure={add.failure} />
            <button type="submit" disabled={add.busy}>
              {t("models.addButton")}
            </button>
          </form>
          <div className="field">
            <h3>{t("models.import")}</h3>
            <label htmlFor="models-csv">{t("models.csvFile")}</label>
            <input
              id="models-csv"
              type="file"
              accept=".csv,text/csv,text/plain"
              aria-describedby="models-csv-hint"
              onChange={(e) => void importFile(e)}
              disabled={csv.busy}
            />
            <p className="hint" id="models-csv-hint">
              {t("models.csvHint")}
            </p>
            <FormError failure={csv.failure} />
            <FormSuccess message={imported} />
          </div>
        </>
      ) : null}
    </section>
  );
}
