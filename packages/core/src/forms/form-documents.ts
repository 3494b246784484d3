import { formatDate, jstDate } from "../i18n/datetime.ts";
import type { I18nText, Lang } from "../i18n/text.ts";
import type { PdfBlock, PdfSpec } from "../pdf/pdf-spec.ts";
import type { ApplicationFormView } from "./application-form.ts";
import { applicationFormDefinition } from "./form-definition.ts";

/** One printable form: its file name stem, title, and the same content as HTML and as a PDF description. */
export type FormDocument = { name: string; title: string; html: string; pdf: PdfSpec };

const T = {
  application: { ja: "JC-STAR 適合ラベル申請書", en: "JC-STAR label application form" },
  confirmation: { ja: "適合ラベル取得申請確認書（様式2-1）", en: "Application confirmation (form 2-1)" },
  attorney: { ja: "委任状（様式2-3）", en: "Power of attorney (form 2-3)" },
  item: { ja: "項目", en: "Item" },
  value: { ja: "内容", en: "Value" },
  publish: { ja: "ウェブサイトで公開", en: "Publish on the website" },
  checked: { ja: "確認", en: "Confirmed" },
  yes: { ja: "公開する", en: "Publish" },
  no: { ja: "公開しない", en: "Do not publish" },
  tick: { ja: "☑ 確認済み", en: "☑ confirmed" },
  untick: { ja: "☐ 未確認", en: "☐ not confirmed" },
  notApplicable: { ja: "該当なし", en: "not applicable" },
  attorneyText: {
    ja: "当社は、下記の者を代理人と定め、JC-STAR 適合ラベルの申請に関する下記の事項を委任します。",
    en: "We appoint the agent below and delegate to it the matters below concerning our JC-STAR label application.",
  },
  principal: { ja: "委任者（申請者）", en: "Principal (applicant)" },
  agent: { ja: "代理人", en: "Agent" },
  empty: { ja: "（未入力）", en: "(empty)" },
} satisfies Record<string, I18nText>;

/** The printable forms of a product: application form, form 2-1, and form 2-3 when a proxy applies. */
export function formDocuments(view: ApplicationFormView, lang: Lang, createdAt: Date): FormDocument[] {
  const t = (x: I18nText) => x[lang];
  const value = (id: string) => view.fields.find((f) => f.id === id)?.value || t(T.empty);
  const fieldRows = (form: "application" | "power-of-attorney") =>
    view.sections
      .filter((s) => s.form === form)
      .flatMap((s) => view.fields.filter((f) => f.section === s.id).map((f) => ({ section: t(s.title), f })));

  const categories = applicationFormDefinition().categories;
  const shown = (id: string, value: string) => {
    const category = id === "productCategory" ? categories[value] : undefined;
    return category ? t(category) : value;
  };
  const applicationRows = fieldRows("application").map(({ f }) => [
    t(f.label),
    shown(f.id, f.value) || t(T.empty),
    f.publishable ? t(f.publish ? T.yes : T.no) : "—",
  ]);
  const docs: FormDocument[] = [
    build("application-form", t(T.application), lang, createdAt, [
      { columns: [t(T.item), t(T.value), t(T.publish)], widths: [1.3, 2.6, 1], rows: applicationRows },
    ]),
    build("form-2-1-confirmation", t(T.confirmation), lang, createdAt, [
      {
        columns: [t(T.item), t(T.checked)],
        widths: [4, 1],
        rows: [
          [t(view.fields.find((f) => f.id === "makerName")?.label ?? T.item), value("makerName")],
          [t(view.fields.find((f) => f.id === "productName")?.label ?? T.item), value("productName")],
          ...view.confirmations.map((c) => [
            t(c.label),
            !c.applies ? t(T.notApplicable) : c.checked ? t(T.tick) : t(T.untick),
          ]),
        ],
      },
    ]),
  ];
  if (view.proxy) {
    const principal = ["makerName", "address", "representativeTitle", "representativeName"].map((id) => [
      t(view.fields.find((f) => f.id === id)?.label ?? T.item),
      value(id),
    ]);
    const agent = fieldRows("power-of-attorney").map(({ f }) => [t(f.label), f.value || t(T.empty)]);
    docs.push(
      build(
        "form-2-3-power-of-attorney",
        t(T.attorney),
        lang,
        createdAt,
        [
          { heading: t(T.principal), columns: [t(T.item), t(T.value)], widths: [1.3, 3], rows: principal },
          { heading: t(T.agent), columns: [t(T.item), t(T.value)], widths: [1.3, 3], rows: agent },
        ],
        t(T.attorneyText),
      ),
    );
  }
  return docs;
}

type Table = { heading?: string; columns: string[]; widths: number[]; rows: string[][] };

function build(
  name: string,
  title: string,
  lang: Lang,
  createdAt: Date,
  tables: Table[],
  intro?: string,
): FormDocument {
  const blocks: PdfBlock[] = [{ kind: "title", text: title }];
  if (intro) blocks.push({ kind: "paragraph", text: intro });
  for (const table of tables) {
    if (table.heading) blocks.push({ kind: "heading", text: table.heading, level: 2 });
    blocks.push({
      kind: "table",
      size: 9.5,
      columns: table.columns.map((header, i) => ({ header, width: table.widths[i] ?? 1 })),
      rows: table.rows,
    });
  }
  const dated = formatDate(jstDate(createdAt), lang);
  blocks.push({ kind: "paragraph", text: dated, muted: true });
  const html = [
    "<!doctype html>",
    `<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title>`,
    "<style>body{font-family:'Noto Sans CJK JP',sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin:1em 0}",
    "th,td{border:1px solid #888;padding:4px 6px;text-align:left;vertical-align:top;white-space:pre-wrap}th{background:#eee}",
    "@media print{body{margin:0}}</style></head><body>",
    `<h1>${esc(title)}</h1>`,
    intro ? `<p>${esc(intro)}</p>` : "",
    ...tables.map(
      (table) =>
        `${table.heading ? `<h2>${esc(table.heading)}</h2>` : ""}<table><thead><tr>${table.columns
          .map((c) => `<th>${esc(c)}</th>`)
          .join("")}</tr></thead><tbody>${table.rows
          .map((row) => `<tr>${row.map((cell) => `<td>${esc(cell)}</td>`).join("")}</tr>`)
          .join("")}</tbody></table>`,
    ),
    `<p>${esc(dated)}</p>`,
    "</body></html>",
    "",
  ].join("\n");
  return {
    name,
    title,
    html,
    pdf: { meta: { title, lang: lang === "ja" ? "ja-JP" : "en", createdAt }, blocks },
  };
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The application-form inputs as data (JSON) for the package: every field, its publish choice, form 2-1 ticks. */
export function formData(view: ApplicationFormView) {
  return {
    definitionVersion: view.definitionVersion,
    productId: view.productId,
    version: view.version,
    proxy: view.proxy,
    fields: view.fields.map((f) => ({
      id: f.id,
      section: f.section,
      label: f.label,
      value: f.value,
      publishOnWebsite: f.publishable ? f.publish : null,
    })),
    confirmations: view.confirmations.map((c) => ({
      id: c.id,
      label: c.label,
      applies: c.applies,
      checked: c.checked,
    })),
  };
}
