import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { CriterionState } from "../assessment/criterion-state.ts";
import type { EvaluationMethod } from "../catalog/criterion.ts";
import { METHOD_LABELS } from "../catalog/method-labels.ts";
import type { I18nText } from "../i18n/text.ts";

/** One evidence reference as the checklist prints it (the shape of a snapshot's evidence). */
export type ChecklistEvidence = {
  type: "document" | "device_test";
  document: {
    documentName: string;
    documentNumber: string | null;
    documentVersion: string | null;
    location: string | null;
    url: string | null;
  } | null;
  deviceTest: { recordName: string; resultSummary: string; testedOn: string } | null;
};

/**
 * What the checklist is written from. A plain shape: an `AssessmentSnapshot` (signed, or built from live data with
 * `buildAssessmentSnapshot`) is one as it stands.
 */
export type ChecklistInput = {
  takenAt: string;
  organisation: { name: string; corporateNumber: string | null };
  product: { name: string; modelNumbers: string[] };
  catalog: { version: string; title: I18nText };
  route: string;
  criteria: Array<{
    id: string;
    category: string;
    title: I18nText;
    summary: I18nText;
    method: EvaluationMethod;
    state: CriterionState;
    naReason: string | null;
    deemedMet: boolean;
    evidence: ChecklistEvidence[];
  }>;
};

const layoutSchema = z
  .object({
    sheetName: z.string().min(1).max(31),
    title: z.string().min(1),
    meta: z.array(z.object({ key: z.string(), label: z.string() }).strict()),
    columns: z.array(
      z.object({ key: z.string(), header: z.string(), width: z.number().positive() }).strict(),
    ),
    results: z.record(z.string(), z.string()),
    deemedMet: z.string(),
    routes: z.record(z.string(), z.string()),
    resultChoices: z.array(z.string()),
  })
  .strict();
export type ChecklistLayout = z.output<typeof layoutSchema>;

let layout: ChecklistLayout | null = null;

/** The workbook layout (data: checklist-layout.json). */
export function checklistLayout(): ChecklistLayout {
  layout ??= layoutSchema.parse(
    JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "checklist-layout.json"), "utf8")),
  );
  return layout;
}

/** A document reference in one line: 名称（文書番号 N、版数 V）記載箇所 URL. */
export function documentReferenceText(d: NonNullable<ChecklistEvidence["document"]>): string {
  const ids = [
    d.documentNumber && `文書番号 ${d.documentNumber}`,
    d.documentVersion && `版数 ${d.documentVersion}`,
  ]
    .filter(Boolean)
    .join("、");
  return [ids ? `${d.documentName}（${ids}）` : d.documentName, d.location, d.url].filter(Boolean).join(" ");
}

/** A device-test record in one line: 記録名: 結果概要（実施日）. */
export function deviceRecordText(t: NonNullable<ChecklistEvidence["deviceTest"]>): string {
  return `${t.recordName}: ${t.resultSummary}（${t.testedOn}）`;
}

/** The cell values of one criterion, by column key. */
export function checklistRowValues(
  c: ChecklistInput["criteria"][number],
  categoryName: string,
  l: ChecklistLayout = checklistLayout(),
): Record<string, string> {
  const docs = c.evidence.flatMap((e) => (e.document ? [documentReferenceText(e.document)] : []));
  const records = c.evidence.flatMap((e) => (e.deviceTest ? [deviceRecordText(e.deviceTest)] : []));
  return {
    id: c.id,
    category: categoryName,
    title: c.title.ja,
    summary: c.summary.ja,
    method: METHOD_LABELS.ja[c.method],
    result: c.deemedMet && c.state !== "conformant" ? l.deemedMet : (l.results[c.state] ?? c.state),
    naReason: c.state === "not_applicable" ? (c.naReason ?? "") : "",
    documentEvidence: docs.join("\n"),
    deviceEvidence: records.join("\n"),
  };
}
