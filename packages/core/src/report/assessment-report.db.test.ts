import { Readable } from "node:stream";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { fillApplicationForm } from "../forms/fill-form.test-helper.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { havePoppler, readPdf } from "../pdf/pdf-tools.test-helper.ts";
import { readyProduct } from "../signoff/ready-product.test-helper.ts";
import { signOff } from "../signoff/signoff.ts";
import { uploadEvidence, type VaultDeps } from "../vault/upload.ts";
import { renderAssessmentReport } from "./assessment-report.ts";

const run = havePoppler();

describe.skipIf(!run).each(testDialects())("PDF self-assessment report on %s", (dialect) => {
  let t: TestDb;
  let deps: VaultDeps;
  let ctx: RequestContext;
  const dir = tempDir("jcstar-report-");

  beforeAll(async () => {
    t = await openTestDb(dialect);
    deps = {
      db: t.db,
      catalog: loadCatalog(),
      now: () => new Date("2026-11-26T03:00:00Z"),
      blobs: { root: dir.path },
      maxUploadBytes: 1024 * 1024,
    };
    const org = await createOrganisation(t.db, "株式会社レポート", deps.now());
    ctx = { orgId: org.id, actor: { id: null, name: "test" }, lang: "ja" };
  });
  afterAll(async () => {
    await t?.dispose();
    dir.cleanup();
  });

  it("has Japanese text, every criterion id, evidence references with hashes, device tests and an embedded font", async () => {
    const { product } = await readyProduct(deps, ctx);
    const file = await uploadEvidence(
      deps,
      ctx,
      {
        kind: "document",
        fileName: "manual.pdf",
        productId: product.id,
        criterion: ["S1.1-01"],
        documentName: "取扱説明書 CAM-100",
        documentNumber: "UM-100",
        documentVersion: "3",
        location: "第2章 初期設定",
      },
      Readable.from([Buffer.from("%PDF-1.4 manual contents")]),
    );
    await fillApplicationForm(deps, ctx, product.id);
    const signed = await signOff(deps, ctx, product.id, {
      signerName: "山田 太郎",
      signerTitle: "代表取締役",
    });

    const ja = readPdf(await renderAssessmentReport(signed, "ja"));
    for (const text of [
      "自己適合評価報告書",
      "株式会社レポート",
      "スマートカメラ CAM-100",
      "山田 太郎",
      "カメラ",
      "CAM-100 セキュリティ設計書",
      "SD-100",
      "第4章 4.2節",
      "取扱説明書 CAM-100",
      "UM-100",
      "要件充足不要",
      "利用者データを保持しないため。",
      "probe-run-2026-11-20.json",
      "全プローブ PASS",
    ]) {
      expect(ja.text, text).toContain(text);
    }
    for (const c of signed.snapshot.criteria) expect(ja.text).toContain(c.id);
    const flat = ja.text.replace(/\s+/g, "");
    expect(file.file?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(flat).toContain(file.file?.sha256);
    expect(flat).toContain(signed.snapshotSha256);
    expect(ja.fonts).toMatch(/\+NotoSansCJKjp-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);

    // One term with the checklist, and the sign-off time in JST for people (now: 2026-11-26T03:00:00Z).
    expect(ja.text).toContain("ドキュメント評価");
    expect(ja.text).not.toContain("文書確認");
    expect(ja.text).toContain("2026年11月26日 12:00（日本時間）");
    expect(ja.text).not.toContain("2026-11-26T03:00");
    expect(ja.text).toContain("2031年3月31日"); // end of support

    const en = readPdf(await renderAssessmentReport(signed, "en"));
    expect(en.text).toContain("26 November 2026, 12:00 JST (UTC+9)");
    expect(en.text).toContain("Self-assessment report");
    expect(en.text).toContain("Not applicable");
    for (const c of signed.snapshot.criteria) expect(en.text).toContain(c.id);
  });
});
