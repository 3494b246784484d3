import { useState } from "react";
import { useTranslation } from "react-i18next";
import { client, ok } from "../api/client.ts";
import type { paths } from "../api/schema.gen.ts";
import type { FirmwareRelease } from "../api/types.ts";
import { FormError } from "./FormMessage.tsx";
import { useFormAction } from "./form-action.ts";

type Diff = paths["/api/releases/{releaseId}/diff"]["get"]["responses"][200]["content"]["application/json"];

/** Components added, removed and changed since another release of the product. */
export function ReleaseDiff({ releaseId, releases }: { releaseId: string; releases: FirmwareRelease[] }) {
  const { t } = useTranslation();
  const others = releases.filter((r) => r.id !== releaseId);
  const [from, setFrom] = useState(others[0]?.id ?? "");
  const [diff, setDiff] = useState<Diff | null>(null);
  const load = useFormAction();
  if (others.length === 0) return null;

  async function compare() {
    const result = await load.run(() =>
      ok(client.GET("/api/releases/{releaseId}/diff", { params: { path: { releaseId }, query: { from } } })),
    );
    if (result.ok) setDiff(result.value);
  }

  return (
    <section className="panel" aria-labelledby="diff-heading">
      <h2 id="diff-heading">{t("vuln.diff")}</h2>
      <FormError failure={load.failure} />
      <div className="vuln-actions">
        <label>
          {t("vuln.diffFrom")}
          <select value={from} onChange={(e) => setFrom(e.target.value)}>
            {others.map((r) => (
              <option key={r.id} value={r.id}>
                {r.version} ({r.releasedOn})
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void compare()} disabled={load.busy}>
          {t("vuln.diffRun")}
        </button>
      </div>
      {diff ? (
        <ul className="plain-list" data-testid="release-diff">
          {diff.added.map((c) => (
            <li key={`a-${c.id}`}>{t("vuln.diffAdded", { name: c.name, version: c.version ?? "" })}</li>
          ))}
          {diff.removed.map((c) => (
            <li key={`r-${c.id}`}>{t("vuln.diffRemoved", { name: c.name, version: c.version ?? "" })}</li>
          ))}
          {diff.changed.map((c) => (
            <li key={`c-${c.name}`}>
              {t(`vuln.diffChanged.${c.direction}`, { name: c.name, from: c.from ?? "—", to: c.to ?? "—" })}
            </li>
          ))}
          <li className="meta">{t("vuln.diffUnchanged", { count: diff.unchanged })}</li>
        </ul>
      ) : null}
    </section>
  );
}
