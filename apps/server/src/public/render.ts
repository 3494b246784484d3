import type { Label, LabelSearchResult, Lang, ProductSecurityInfo } from "@jcstar/core";
import { esc, href, tr } from "./html.ts";

function row(lang: Lang, key: string, value: string): string {
  return `<dt>${esc(tr(lang, key))}</dt><dd>${value}</dd>`;
}

export function statusBadge(lang: Lang, status: Label["status"]): string {
  return `<span class="status status-${status}" data-status="${status}">${esc(tr(lang, status))}</span>`;
}

function link(url: string, text = url): string {
  return `<a href="${esc(url)}" rel="noopener">${esc(text)}</a>`;
}

function contact(value: string): string {
  if (/^https?:\/\//.test(value)) return link(value);
  if (/^[^@\s]+@[^@\s]+$/.test(value)) return link(`mailto:${value}`, value);
  return esc(value);
}

/** The label's own facts: status, number, level, product, maker, model numbers, validity. */
export function labelFacts(lang: Lang, label: Label): string {
  const revoked =
    label.status === "revoked"
      ? row(lang, "revokedOn", esc(label.revokedAt?.slice(0, 10))) +
        row(lang, "revocationReason", esc(label.revocationReason))
      : "";
  return `<dl>
${row(lang, "status", statusBadge(lang, label.status))}
${revoked}
${row(lang, "registrationNumber", `<span data-field="registrationNumber">${esc(label.registrationNumber)}</span>`)}
${row(lang, "starLevel", esc(`★${label.starLevel}`))}
${row(lang, "product", esc(label.product))}
${row(lang, "maker", esc(label.maker))}
${label.modelNumbers.length > 0 ? row(lang, "modelNumbers", esc(label.modelNumbers.join(", "))) : ""}
${row(lang, "validity", `${esc(label.validFrom)} – ${esc(label.validUntil)}`)}
</dl>`;
}

/** The product security information the maker chose to publish (absent fields are not shown). */
export function productInfo(lang: Lang, info: ProductSecurityInfo, identity = true): string {
  const parts: string[] = [];
  if (identity) parts.push(row(lang, "product", esc(info.product)), row(lang, "maker", esc(info.maker)));
  if (identity && info.modelNumbers) parts.push(row(lang, "modelNumbers", esc(info.modelNumbers.join(", "))));
  if (info.supportEndDate !== undefined)
    parts.push(row(lang, "supportEnd", esc(info.supportEndDate ?? tr(lang, "notSet"))));
  if (info.latestFirmware !== undefined) {
    const fw = info.latestFirmware;
    parts.push(
      row(
        lang,
        "latestFirmware",
        fw
          ? `<span data-field="firmwareVersion">${esc(fw.version)}</span> (${esc(tr(lang, "releasedOn"))} ${esc(fw.releasedOn)})` +
              (fw.securityFixes.length > 0
                ? `<br>${esc(tr(lang, "fixes"))}:<ul>${fw.securityFixes.map((f) => `<li>${esc(f)}</li>`).join("")}</ul>`
                : "") +
              (fw.notes ? `<p>${esc(fw.notes)}</p>` : "")
          : esc(tr(lang, "noFirmware")),
      ),
    );
  }
  if (info.vulnerabilityContact) parts.push(row(lang, "vulnContact", contact(info.vulnerabilityContact)));
  if (info.vulnerabilityPolicyUrl) parts.push(row(lang, "vulnPolicy", link(info.vulnerabilityPolicyUrl)));
  if (info.securityTxtUrl) parts.push(row(lang, "securityTxt", link(info.securityTxtUrl)));
  if (info.updateProcedure?.[lang])
    parts.push(row(lang, "updateProcedure", esc(info.updateProcedure[lang]).replace(/\n/g, "<br>")));
  return `<dl>${parts.join("\n")}</dl><p>${esc(tr(lang, "makerSide"))}</p>`;
}

export function verificationLinks(lang: Lang, registrationNumber: string): string {
  const base = `/api/registry/labels/${encodeURIComponent(registrationNumber)}`;
  return `<h2>${esc(tr(lang, "verify"))}</h2>
<ul>
<li>${link(`${base}/payload`, tr(lang, "payload"))}</li>
<li>${link("/.well-known/jwks.json", tr(lang, "jwks"))}</li>
<li>${link("/api/registry/status-list", tr(lang, "statusList"))}</li>
<li>${esc(tr(lang, "artwork"))}: ${link(`${base}/label.svg`, "SVG")} · ${link(`${base}/label.png`, "PNG")}</li>
<li>${link(base, "JSON")}</li>
</ul>`;
}

export function labelList(lang: Lang, labels: Label[]): string {
  if (labels.length === 0) return `<p>${esc(tr(lang, "noResults"))}</p>`;
  return `<ul class="results">${labels
    .map(
      (
        l,
      ) => `<li><a href="${esc(href(`/registry/${encodeURIComponent(l.registrationNumber)}`, lang))}">${esc(l.registrationNumber)}</a>
 ${statusBadge(lang, l.status)}<br>${esc(l.product)} — ${esc(l.maker)} · ★${l.starLevel} · ${esc(l.validUntil)}</li>`,
    )
    .join("\n")}</ul>`;
}

export function searchForm(lang: Lang, q: string, status: string | undefined): string {
  const option = (value: string, text: string) =>
    `<option value="${value}"${status === value ? " selected" : ""}>${esc(text)}</option>`;
  return `<form method="get" action="/registry" role="search">
<input type="hidden" name="lang" value="${lang}">
<label>${esc(tr(lang, "searchLabel"))}<input type="search" name="q" value="${esc(q)}" maxlength="100"></label>
<label>${esc(tr(lang, "status"))}<select name="status">${option("", tr(lang, "statusAny"))}${option("valid", tr(lang, "valid"))}${option("expired", tr(lang, "expired"))}${option("revoked", tr(lang, "revoked"))}</select></label>
<button type="submit">${esc(tr(lang, "search"))}</button>
</form>`;
}

export function pager(
  lang: Lang,
  result: LabelSearchResult,
  query: Record<string, string | undefined>,
): string {
  const prev =
    result.page > 1
      ? `<a href="${esc(href("/registry", lang, { ...query, page: result.page - 1 }))}" rel="prev">${esc(tr(lang, "previous"))}</a>`
      : "<span></span>";
  const next = result.hasMore
    ? `<a href="${esc(href("/registry", lang, { ...query, page: result.page + 1 }))}" rel="next">${esc(tr(lang, "next"))}</a>`
    : "<span></span>";
  return `<nav class="pages" aria-label="pages" data-page="${result.page}">${prev}${next}</nav>`;
}
