import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { buildAssessmentSnapshot } from "../signoff/build-snapshot.ts";
import { readyProduct } from "../signoff/ready-product.test-helper.ts";
import { buildChecklistWorkbook } from "./build-workbook.ts";
import { checklistLayout } from "./checklist-input.ts";
import { haveLibreOffice, workbookText } from "./libreoffice.test-helper.ts";

describe.each(testDialects())("checklist workbook on %s", (dialect) => {
  let t: TestDb;
  let deps: CoreDeps;
  let ctx: RequestContext;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const now = () => new Date("2026-11-26T00:00:00Z");
    deps = { db: t.db, catalog: loadCatalog(), now };
    const org = await createOrganisation(t.db, "株式会社チェック電機", now());
    ctx = { orgId: org.id, actor: { id: null, name: "test" }, lang: "ja" };
  });
  afterAll(async () => t?.dispose());

  it("writes one Japanese row per criterion that exceljs and LibreOffice read back", async () => {
    const { product } = await readyProduct(deps, ctx);
    const snapshot = await buildAssessmentSnapshot(deps, ctx, product.id);
    const xlsx = await buildChecklistWorkbook(snapshot, deps.catalog);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(checklistLayout().sheetName);
    expect(ws).toBeDefined();
    const rows: Record<string, string[]> = {};
    ws?.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1).map((v) => String(v ?? ""));
      if (/^S1\.1-\d{2}$/.test(values[0] ?? "")) rows[values[0] as string] = values;
    });
    expect(Object.keys(rows)).toEqual(snapshot.criteria.map((c) => c.id));
    expect(rows["S1.1-01"]?.[5]).toBe("適合");
    expect(rows["S1.1-01"]?.[7]).toBe("CAM-100 セキュリティ設計書（文書番号 SD-100、版数 1.2） 第4章 4.2節");
    expect(rows["S1.1-15"]?.[5]).toBe("要件充足不要");
    expect(rows["S1.1-15"]?.[6]).toBe("利用者データを保持しないため。");
    expect(rows["S1.1-04"]?.[8]).toBe("probe-run-2026-11-20.json: 全プローブ PASS（2026-11-20）");
    expect(rows["S1.1-04"]?.[4]).toBe("実機テスト");

    if (dialect !== "sqlite" || !haveLibreOffice()) return;
    const text = workbookText(xlsx).replace(/\s+/g, "");
    expect(text).toContain("自己適合評価チェックリスト");
    expect(text).toContain("株式会社チェック電機");
    for (const c of snapshot.criteria) expect(text).toContain(c.id);
    expect(text).toContain("要件充足不要");
    expect(text).toContain("SD-100");
    expect(text).toContain("第4章4.2節");
    expect(text).toContain("probe-run-2026-11-20.json");
  }, 240_000);
});
