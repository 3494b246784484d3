import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import type { Criterion, CriterionResult } from "../api/types.ts";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

/** True when the linked evidence holds what the criterion's method asks for (the server checks the fields). */
export function evidenceCovers(criterion: Criterion, result: CriterionResult): boolean {
  const hasDoc = result.evidence.some((e) => e.type === "document");
  const hasDevice = result.evidence.some((e) => e.type === "device_test");
  if (criterion.method === "document") return hasDoc;
  if (criterion.method === "device") return hasDevice;
  return hasDoc && hasDevice;
}

type Props = {
  assessmentId: string;
  criteria: Criterion[];
  results: CriterionResult[];
  onSaved: () => Promise<void>;
};

/**
 * One action instead of sixteen: every criterion not yet assessed whose linked evidence covers its method is
 * declared conformant (the same PUT as each verdict form; the server re-checks every rule). Each verdict stays
 * editable on its card, and the owner's sign-off still declares the whole self-assessment.
 */
export function BulkConformant({ assessmentId, criteria, results, onSaved }: Props) {
  const { t } = useTranslation();
  const { busy, failure, run } = useFormAction();
  const due = results.filter((r) => {
    const c = criteria.find((x) => x.id === r.criterionId);
    return r.state === "not_assessed" && c !== undefined && evidenceCovers(c, r);
  });
  if (due.length === 0) return null;
  async function markAll() {
    const saved = await run(async () => {
      for (const r of due)
        await ok(
          client.PUT("/api/assessments/{assessmentId}/results/{criterionId}", {
            params: { path: { assessmentId, criterionId: r.criterionId } },
            body: { state: "conformant", version: r.version, linkEvidenceIds: [], unlinkEvidenceIds: [] },
          }),
        );
      return due.length;
    });
    await onSaved();
    return saved;
  }
  return (
    <section className="panel" aria-labelledby="bulk-conformant-heading" data-testid="bulk-conformant">
      <h2 id="bulk-conformant-heading">{t("bulkConformant.title")}</h2>
      <p>{t("bulkConformant.intro", { ids: due.map((r) => r.criterionId).join(", ") })}</p>
      <FormError failure={failure} />
      <button type="button" disabled={busy} onClick={() => void markAll()}>
        {t("bulkConformant.button", { count: due.length })}
      </button>
    </section>
  );
}
