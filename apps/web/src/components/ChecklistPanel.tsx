import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  ApiError,
  apiErrorOf,
  apiHeaders,
  apiUrl,
  client,
  ok,
  pathUrl,
  reportUnauthenticated,
} from "../api/client.ts";
import type { paths } from "../api/schema.gen.ts";
import { Group, TextField } from "./Field.tsx";
import { FormError, FormSuccess } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

/** The template mapping as GET /api/checklist/template-mapping documents it. */
type Mapping =
  paths["/api/checklist/template-mapping"]["get"]["responses"][200]["content"]["application/json"];
const COLUMNS = ["result", "naReason", "documentEvidence", "deviceEvidence"] as const;
type Overrides = Record<"sheet" | "id" | (typeof COLUMNS)[number], string>;

function overridesOf(m: Mapping): Overrides {
  return {
    sheet: m.sheet ?? "",
    id: m.id,
    result: m.columns.result ?? "",
    naReason: m.columns.naReason ?? "",
    documentEvidence: m.columns.documentEvidence ?? "",
    deviceEvidence: m.columns.deviceEvidence ?? "",
  };
}

/** Sends the official template and hands the filled workbook to the browser as a download. */
async function fillTemplate(productId: string, file: File, overrides: Overrides | null): Promise<number> {
  const headers = { ...apiHeaders("POST"), "Content-Type": "application/octet-stream" };
  const given = (k: keyof Overrides) => overrides?.[k].trim() || undefined;
  const query = {
    sheet: given("sheet"),
    id: given("id"),
    result: given("result"),
    naReason: given("naReason"),
    documentEvidence: given("documentEvidence"),
    deviceEvidence: given("deviceEvidence"),
  };
  const url = apiUrl("post", "/api/products/{productId}/checklist/template", { path: { productId }, query });
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers,
      body: file,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "NETWORK", "");
  }
  if (!res.ok) {
    const error = apiErrorOf(res.status, await res.json().catch(() => null));
    reportUnauthenticated(error);
    throw error;
  }
  const download = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = download;
  a.download = `${file.name.replace(/\.xlsx$/i, "")}-jcstar.xlsx`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(download), 10_000);
  return Number(res.headers.get("X-Jcstar-Filled-Cells") ?? 0);
}

/** The checklist workbook download and the official template upload (missing/duplicated ids are listed). */
export function ChecklistPanel({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const [mapping, setMapping] = useState<Overrides | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, failure, run } = useFormAction();
  useEffect(() => {
    void ok(client.GET("/api/checklist/template-mapping")).then(
      (m) => setMapping(overridesOf(m)),
      () => setMapping(null),
    );
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setNotice(null);
    const result = await run(() => fillTemplate(productId, file, mapping));
    if (result.ok) setNotice(t("documentsPage.templateDone", { count: result.value }));
  }

  return (
    <section className="panel" aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">{t("documentsPage.checklistTitle")}</h2>
      <p>{t("documentsPage.checklistIntro")}</p>
      <p>
        <a
          className="button"
          href={pathUrl("/api/products/{productId}/checklist", { path: { productId } })}
          download
        >
          {t("documentsPage.checklistDownload")}
        </a>
      </p>
      <h3>{t("documentsPage.templateTitle")}</h3>
      <p>{t("documentsPage.templateIntro")}</p>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="checklist-template">{t("documentsPage.templateFile")}</label>
          <input
            id="checklist-template"
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        {mapping ? (
          <Group legend={t("documentsPage.mappingTitle")}>
            <p className="hint">{t("documentsPage.mappingHint")}</p>
            {(["sheet", "id", ...COLUMNS] as const).map((k) => (
              <TextField
                key={k}
                id={`mapping-${k}`}
                label={t(`documentsPage.mapping.${k}`)}
                value={mapping[k]}
                maxLength={200}
                onChange={(v) => setMapping({ ...mapping, [k]: v })}
              />
            ))}
          </Group>
        ) : null}
        <FormError failure={failure} />
        <FormSuccess message={notice} />
        <button type="submit" disabled={busy || !file}>
          {t("documentsPage.templateFill")}
        </button>
      </form>
    </section>
  );
}
