import { formatDate } from "../i18n/datetime.ts";
import type { Lang } from "../i18n/text.ts";
import { type DocumentFacts, templateValues } from "./facts.ts";
import type { DocumentKind } from "./inputs.schema.ts";
import type { DocumentTemplate } from "./template.ts";

/** A piece of text: template wording, or a value filled in from the inputs (escaped, maybe a link). */
type Piece = { text: string; value: boolean };
export type RenderedBlock = { type: "p"; text: Piece[] } | { type: "list"; items: Piece[][] };
export type RenderedSection = {
  id: string;
  number: number;
  heading: string;
  basis: boolean;
  blocks: RenderedBlock[];
};

/** A document in one language, structured (for PDF) and as Markdown and standalone HTML. */
export type RenderedDocument = {
  kind: DocumentKind;
  lang: Lang;
  title: string;
  number: string;
  version: number;
  date: string;
  orgName: string;
  productName: string;
  /** Header lines (label, value) printed under the title. */
  meta: Array<[string, string]>;
  sections: RenderedSection[];
  /** Keys of values the text needs but the inputs do not give. */
  missing: string[];
  markdown: string;
  html: string;
};

const NOT_GIVEN = { ja: "（未入力）", en: "(not entered)" };

function holds(values: Record<string, string>, when: string | undefined): boolean {
  if (!when) return true;
  const negate = when.startsWith("!");
  const value = values[negate ? when.slice(1) : when] ?? "";
  return negate ? value === "" : value !== "";
}

function fill(template: string, values: Record<string, string>, lang: Lang, missing: Set<string>): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{\{([a-zA-Z.]+)\}\}/g)) {
    if (m.index > last) pieces.push({ text: template.slice(last, m.index), value: false });
    const key = m[1] as string;
    const value = values[key] ?? "";
    if (!value) missing.add(key);
    pieces.push({ text: value || NOT_GIVEN[lang], value: true });
    last = m.index + m[0].length;
  }
  if (last < template.length) pieces.push({ text: template.slice(last), value: false });
  return pieces;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
const escapeMd = (s: string) => s.replace(/([\\`*_[\]<>|#])/g, "\\$1");

function piecesToMd(pieces: Piece[]): string {
  return pieces
    .map((p) => (p.value ? escapeMd(p.text) : p.text))
    .join("")
    .replace(/\r?\n/g, "  \n");
}

function piecesToHtml(pieces: Piece[]): string {
  return pieces
    .map((p) => {
      const text = escapeHtml(p.text);
      if (!p.value) return text;
      if (/^https:\/\/\S+$/.test(p.text)) return `<a href="${text}">${text}</a>`;
      if (/^[^\s@]+@[^\s@]+$/.test(p.text)) return `<a href="mailto:${text}">${text}</a>`;
      return text;
    })
    .join("")
    .replace(/\r?\n/g, "<br>");
}

const LABELS = {
  ja: {
    number: "文書番号",
    version: "版数",
    date: "発行日",
    issuer: "発行者",
    product: "対象製品",
    item: "項目",
    value: "内容",
  },
  en: {
    number: "Document number",
    version: "Version",
    date: "Issued",
    issuer: "Issued by",
    product: "Product",
    item: "Item",
    value: "Value",
  },
};

export function versionLabel(version: number): string {
  return `v${version}`;
}

/** Renders a template with the facts in one language. Nothing is stored. */
export function renderDocument(
  template: DocumentTemplate,
  facts: DocumentFacts,
  lang: Lang,
  meta: { number: string; version: number; date: string },
): RenderedDocument {
  const values = templateValues(facts, lang);
  const missing = new Set<string>();
  for (const requirement of template.requires) if (!values[requirement]) missing.add(requirement);
  const sections: RenderedSection[] = [];
  for (const section of template.sections) {
    if (!holds(values, section.when)) continue;
    const blocks: RenderedBlock[] = [];
    for (const block of section.blocks) {
      if (!holds(values, block.when)) continue;
      if (block.p) blocks.push({ type: "p", text: fill(block.p[lang], values, lang, missing) });
      else if (block.items) {
        const items = block.items
          .filter((item) => holds(values, item.when))
          .map((item) => fill(item.text[lang], values, lang, missing));
        if (items.length > 0) blocks.push({ type: "list", items });
      }
    }
    sections.push({
      id: section.id,
      number: sections.length + 1,
      heading: section.heading[lang],
      basis: section.basis,
      blocks,
    });
  }
  const l = LABELS[lang];
  const models = facts.product.modelNumbers.join(", ");
  const header: Array<[string, string]> = [
    [l.number, meta.number],
    [l.version, versionLabel(meta.version)],
    [l.date, formatDate(meta.date, lang)],
    [l.issuer, facts.org.name],
    [l.product, models ? `${facts.product.name} (${models})` : facts.product.name],
  ];
  const title = template.title[lang];
  const base = {
    kind: template.kind,
    lang,
    title,
    number: meta.number,
    version: meta.version,
    date: meta.date,
    orgName: facts.org.name,
    productName: facts.product.name,
    meta: header,
    sections,
    missing: [...missing].sort(),
  };
  return { ...base, markdown: toMarkdown(base), html: toHtml(base) };
}

type Base = Omit<RenderedDocument, "markdown" | "html">;

function toMarkdown(doc: Base): string {
  const l = LABELS[doc.lang];
  const lines = [`# ${doc.title}`, "", `| ${l.item} | ${l.value} |`, "|---|---|"];
  for (const [k, v] of doc.meta) lines.push(`| ${k} | ${escapeMd(v)} |`);
  for (const s of doc.sections) {
    lines.push("", `<a id="${s.id}"></a>`, "", `## ${s.number}. ${s.heading}`);
    for (const b of s.blocks) {
      lines.push("");
      if (b.type === "p") lines.push(piecesToMd(b.text));
      else for (const item of b.items) lines.push(`- ${piecesToMd(item)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function toHtml(doc: Base): string {
  const rows = doc.meta
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join("\n");
  const body = doc.sections
    .map((s) => {
      const blocks = s.blocks
        .map((b) =>
          b.type === "p"
            ? `<p>${piecesToHtml(b.text)}</p>`
            : `<ul>\n${b.items.map((i) => `<li>${piecesToHtml(i)}</li>`).join("\n")}\n</ul>`,
        )
        .join("\n");
      return `<section>\n<h2 id="${s.id}">${s.number}. ${escapeHtml(s.heading)}</h2>\n${blocks}\n</section>`;
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.title)} — ${escapeHtml(doc.productName)}</title>
<style>
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.7; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.75rem; text-align: left; }
h2 { border-bottom: 1px solid #ddd; margin-top: 2rem; }
</style>
</head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
<table>
${rows}
</table>
${body}
</body>
</html>
`;
}

/** Where in the document the criteria's basis is: "第2章 連絡先（#contact）、…" / "Section 2 How to contact us (#contact); …". */
export function basisLocation(doc: Pick<RenderedDocument, "lang" | "sections">): string {
  const basis = doc.sections.filter((s) => s.basis);
  return doc.lang === "ja"
    ? basis.map((s) => `第${s.number}章 ${s.heading}（#${s.id}）`).join("、")
    : basis.map((s) => `Section ${s.number} ${s.heading} (#${s.id})`).join("; ");
}
