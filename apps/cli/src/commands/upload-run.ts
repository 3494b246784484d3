import type { Lang, RunResult } from "@jcstar/probes";

export type UploadTarget = { server: string; token: string; product: string };

/**
 * Sends a probe run to a jcstar server, where it becomes device-test evidence of the product (the JSON, readable
 * reports in ja and en, and one record per result linked to its criteria). Returns a line to print, or throws.
 */
export async function uploadRun(run: RunResult, target: UploadTarget, lang: Lang): Promise<string> {
  const url = `${target.server.replace(/\/$/, "")}/api/products/${encodeURIComponent(target.product)}/probe-runs`;
  const res = await fetch(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${target.token}`,
      "content-type": "application/json",
      "accept-language": lang,
    },
    body: JSON.stringify(run),
  });
  const body = (await res.json().catch(() => ({}))) as {
    evidenceIds?: string[];
    error?: { code: string; message: string };
  };
  if (!res.ok) throw new Error(`${res.status} ${body.error?.code ?? ""}: ${body.error?.message ?? ""}`);
  const n = body.evidenceIds?.length ?? 0;
  return lang === "ja"
    ? `証跡として登録しました（${n} 件）: ${url}`
    : `Filed as evidence (${n} records): ${url}`;
}

/** The upload target from options and the environment (JCSTAR_SERVER, JCSTAR_TOKEN), or an error naming what is missing. */
export function uploadTarget(opts: { server?: string; token?: string; product?: string }): UploadTarget {
  const server = opts.server ?? process.env.JCSTAR_SERVER;
  const token = opts.token ?? process.env.JCSTAR_TOKEN;
  const missing = [!server && "--server", !token && "--token", !opts.product && "--product"].filter(Boolean);
  if (missing.length > 0 || !server || !token || !opts.product) {
    throw new Error(`--upload needs ${missing.join(", ")} / --upload には ${missing.join(", ")} が必要です`);
  }
  return { server, token, product: opts.product };
}
