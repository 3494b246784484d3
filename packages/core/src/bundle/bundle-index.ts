import type { Catalog } from "../catalog/load-catalog.ts";
import type { BundleManifest } from "./bundle-format.ts";

function esc(text: unknown): string {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STATE_JA: Record<string, string> = {
  conformant: "適合",
  not_applicable: "要件充足不要",
  non_conformant: "不適合",
  not_assessed: "未評価",
};

/** The Japanese index of a bundle: criteria, their state and evidence, with file hashes. Static HTML, no script. */
export function bundleIndexHtml(m: BundleManifest, catalog: Catalog): string {
  const version =
    m.assessment && catalog.has(m.assessment.catalogVersion)
      ? catalog.get(m.assessment.catalogVersion)
      : null;
  const byId = new Map(m.evidence.map((e) => [e.id, e]));
  const rows = m.criteria
    .map((c) => {
      const title = version?.criteria.find((x) => x.id === c.criterionId)?.title.ja ?? "";
      const items = c.evidenceIds
        .map((id) => byId.get(id))
        .filter((e) => !!e)
        .map((e) => {
          const file = e?.file
            ? ` — <a href="${esc(e.file.path)}">${esc(e.file.originalName ?? e.file.sha256)}</a> <code>SHA-256 ${esc(e.file.sha256)}</code>`
            : "";
          return `<li>${esc(e?.title)}（第${esc(e?.revision)}版、${esc(e?.createdAt)}）${file}</li>`;
        })
        .join("");
      return `<tr><th scope="row">${esc(c.criterionId)}</th><td>${esc(title)}</td><td>${esc(STATE_JA[c.state] ?? c.state)}${c.naReason ? `<br>理由: ${esc(c.naReason)}` : ""}</td><td><ul>${items}</ul></td></tr>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>証跡一覧 — ${esc(m.product.name)}</title></head>
<body>
<h1>証跡一覧（JC-STAR ★1）</h1>
<p>製品: ${esc(m.product.name)}　型番: ${esc(m.product.modelNumbers.join("、"))}</p>
<p>チェックリスト版: ${esc(m.assessment?.catalogVersion ?? "-")}　作成日時: ${esc(m.createdAt)}</p>
<p>各ファイルの SHA-256 と署名は <code>jcstar evidence verify-bundle --trust-key 発行元の公開鍵またはURL</code> で検証できます。</p>
<p>署名鍵のフィンガープリント（生の Ed25519 公開鍵の SHA-256）: <code>${esc(m.signer?.fingerprint ?? "-")}</code> — 発行元が公開する鍵（<code>/api/audit/public-key</code>）と照合してください。</p>
<table border="1" cellpadding="4"><thead><tr><th>基準</th><th>内容</th><th>判定</th><th>証跡</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
