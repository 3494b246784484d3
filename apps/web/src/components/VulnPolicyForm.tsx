import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok, type Schemas } from "../api/client.ts";
import { SEVERITIES } from "../api/vuln.ts";
import { FormError, FormSuccess } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

type Policy = Schemas["VulnPolicy"];
const POLICY_SEVERITIES = SEVERITIES.filter((s): s is Policy["minSeverity"] => s !== "unknown");

/** The organisation's blocking threshold (owners): from which severity unresolved findings block readiness. */
export function VulnPolicyForm({ policy, onSaved }: { policy: Policy; onSaved: () => void }) {
  const { t } = useTranslation();
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
        onChange={(e) => setMinSeverity(POLICY_SEVERITIES.find((s) => s === e.target.value) ?? minSeverity)}
      >
        {POLICY_SEVERITIES.map((s) => (
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
