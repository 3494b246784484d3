import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok, type Schemas } from "../api/client.ts";
import type { Rules } from "../api/rules.ts";
import { FormError, FormSuccess } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

type Policy = Schemas["VulnPolicy"];

/** The organisation's blocking threshold (owners): from which severity unresolved findings block readiness. */
export function VulnPolicyForm({
  policy,
  severities,
  onSaved,
}: {
  policy: Policy;
  /** Every severity in core's order (GET /api/rules); a threshold is any but unknown. */
  severities: Rules["severities"];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const thresholds = severities.filter((s): s is Policy["minSeverity"] => s !== "unknown");
  const [minSeverity, setMinSeverity] = useState(policy.minSeverity);
  const [unknownBlocks, setUnknownBlocks] = useState(policy.unknownBlocks);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const result = await save.run(() =>
      ok(client.PUT("/api/vuln/policy", { body: { minSeverity, unknownBlocks, version: policy.version } })),
    );
    if (!result.ok) return;
    setSaved(t("common.saved"));
    onSaved();
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="vuln-actions" aria-label={t("vuln.policyForm")}>
      <FormError failure={save.failure} />
      <FormSuccess message={saved} />
      <label htmlFor="vuln-policy-min">{t("vuln.policyMin")}</label>
      <select
        id="vuln-policy-min"
        value={minSeverity}
        onChange={(e) => setMinSeverity(thresholds.find((s) => s === e.target.value) ?? minSeverity)}
      >
        {thresholds.map((s) => (
          <option key={s} value={s}>
            {t(`vuln.severities.${s}`)}
          </option>
        ))}
      </select>
      <label className="field-check">
        <input type="checkbox" checked={unknownBlocks} onChange={(e) => setUnknownBlocks(e.target.checked)} />
        {t("vuln.policyUnknown")}
      </label>
      <button type="submit" disabled={save.busy}>
        {t("common.save")}
      </button>
    </form>
  );
}
