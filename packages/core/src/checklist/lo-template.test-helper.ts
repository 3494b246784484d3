import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { soffice } from "./libreoffice.test-helper.ts";

/** A 4×4 red PNG. */
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP4z8CAB+GTG8HSALfKY52fctlCAAAAAElFTkSuQmCC";

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function textCell(text: string, style = "ce1") {
  return `<table:table-cell table:style-name="${style}" office:value-type="string"><text:p>${esc(text)}</text:p></table:table-cell>`;
}

/**
 * A checklist template made by LibreOffice: a flat ODS (written here) converted to xlsx by `soffice`. It has a
 * merged title, a header row, one row per id with a drop-down validation on the result column, an image, formulas
 * (COUNTIF over the results, a text formula in a non-target column) and defined names — what an official
 * template may hold.
 */
export function makeLibreOfficeTemplate(ids: readonly string[]): Buffer {
  const rows = ids
    .map(
      (id, i) =>
        `<table:table-row table:style-name="ro1">${textCell(String(i + 1))}${textCell(id)}${textCell(`要求事項 ${id}`)}` +
        `<table:table-cell table:style-name="ce1" table:content-validation-name="val1"/>` +
        `<table:table-cell table:style-name="ce1"/><table:table-cell table:style-name="ce1"/><table:table-cell table:style-name="ce1"/>` +
        `<table:table-cell table:formula="of:=LEN([.B${i + 3}])" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell></table:table-row>`,
    )
    .join("\n");
  const last = ids.length + 2;
  const fods = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="3cm"/></style:style>
 <style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="0.8cm"/></style:style>
 <style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:wrap-option="wrap"/></style:style>
 <style:style style:name="ce2" style:family="table-cell"><style:table-cell-properties fo:background-color="#dde6f0" fo:border="0.5pt solid #000000"/><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body>
<office:spreadsheet>
<table:content-validations>
 <table:content-validation table:name="val1" table:condition="of:cell-content-is-in-list(&quot;適合&quot;;&quot;要件充足不要&quot;)" table:allow-empty-cell="true" table:display-list="unsorted" table:base-cell-address="'チェックリスト'.D3"/>
</table:content-validations>
<table:table table:name="表紙">
 <table:table-column table:style-name="co1"/>
 <table:table-row>${textCell("JC-STAR ★1 チェックリスト（テスト用テンプレート）", "Default")}</table:table-row>
 <table:table-row>${textCell("製品名", "Default")}${textCell("", "Default")}</table:table-row>
</table:table>
<table:table table:name="チェックリスト">
 <table:table-column table:style-name="co1" table:number-columns-repeated="8"/>
 <table:table-row table:style-name="ro1">
  <table:table-cell table:style-name="ce2" table:number-columns-spanned="7" table:number-rows-spanned="1" office:value-type="string"><text:p>自己適合評価チェックリスト</text:p>
   <draw:frame draw:name="logo" svg:width="1cm" svg:height="1cm" svg:x="0.2cm" svg:y="0.1cm"><draw:image><office:binary-data>${PNG}</office:binary-data></draw:image></draw:frame>
  </table:table-cell>
  <table:covered-table-cell table:number-columns-repeated="6"/>
 </table:table-row>
 <table:table-row table:style-name="ro1">${["No.", "適合基準ID", "要求事項", "評価結果", "要件充足不要の理由", "文書による証跡（文書名・文書番号・該当箇所）", "実機テストの記録（記録名・結果）", "ID文字数"].map((h) => textCell(h, "ce2")).join("")}</table:table-row>
${rows}
 <table:table-row>${textCell("適合数")}<table:table-cell table:formula="of:=COUNTIF([.D3:.D${last}];&quot;適合&quot;)" office:value-type="float" office:value="0"><text:p>0</text:p></table:table-cell></table:table-row>
</table:table>
<table:named-expressions>
 <table:named-range table:name="評価結果欄" table:base-cell-address="$'チェックリスト'.$D$3" table:cell-range-address="$'チェックリスト'.$D$3:.$D$${last}"/>
 <table:named-range table:name="ProductName" table:base-cell-address="$'表紙'.$B$2" table:cell-range-address="$'表紙'.$B$2"/>
</table:named-expressions>
</office:spreadsheet>
</office:body>
</office:document>
`;
  const dir = tempDir("jcstar-lo-template-");
  try {
    writeFileSync(join(dir.path, "template.fods"), fods);
    soffice(
      ["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", dir.path, join(dir.path, "template.fods")],
      dir.path,
    );
    return readFileSync(join(dir.path, "template.xlsx"));
  } finally {
    dir.cleanup();
  }
}
