import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eachZipEntry, readAll } from "../bundle/zip-read.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { up as moveCorporateNumber } from "../db/migrations/2026-12-04T0130-corporate-number.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { getApplicationForm, saveApplicationForm } from "../forms/application-form.ts";
import { fillApplicationForm } from "../forms/fill-form.test-helper.ts";
import { formatDate, formatTimestamp, jstDate } from "../i18n/datetime.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { havePoppler, readPdf } from "../pdf/pdf-tools.test-helper.ts";
import { readyProduct } from "../signoff/ready-product.test-helper.ts";
import { signOff } from "../signoff/signoff.ts";
import { buildApplicationPackage } from "./build-package.ts";
import type { PackageDeps } from "./package-entry.ts";
import { openPackage } from "./package-history.ts";

/** Every file of a built package, by path. */
async function packageFiles(deps: PackageDeps, ctx: RequestContext, id: string, dir: string) {
  const { stream } = await openPackage(deps, ctx, id);
  const zip = join(dir, `${id}.zip`);
  writeFileSync(zip, await readAll(stream, 100 * 1024 * 1024));
  const files = new Map<string, Buffer>();
  await eachZipEntry(
    zip,
    () => true,
    async (name, s) => {
      files.set(name, await readAll(s, 100 * 1024 * 1024));
    },
  );
  return files;
}

/** The checklist header value next to a label (the label spans two merged cells). */
async function checklistMeta(xlsx: Buffer, label: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  let found = "";
  wb.worksheets[0]?.eachRow((row) => {
    const values = (row.values as unknown[]).map((v) => String(v ?? ""));
    const at = values.indexOf(label);
    if (at >= 0) found = values.slice(at + 1).find((v) => v !== "" && v !== label) ?? "";
  });
  return found;
}

describe.skipIf(!havePoppler()).each(testDialects())(
  "the corporate number is the organisation's, on %s",
  (dialect) => {
    let t: TestDb;
    let deps: PackageDeps & { maxUploadBytes: number };
    let ctx: RequestContext;
    const dir = tempDir("jcstar-corpno-");

    beforeAll(async () => {
      t = await openTestDb(dialect);
      deps = {
        db: t.db,
        catalog: loadCatalog(),
        now: () => new Date(),
        blobs: { root: dir.path },
        dataDir: dir.path,
        maxUploadBytes: 10 * 1024 * 1024,
      };
      const org = await createOrganisation(t.db, "株式会社法人番号", deps.now());
      ctx = { orgId: org.id, actor: { id: null, name: "test" }, lang: "ja" };
    });
    const organisationNumber = async () =>
      (
        await t.db
          .selectFrom("organisations")
          .select("corporate_number")
          .where("id", "=", ctx.orgId)
          .executeTakeFirstOrThrow()
      ).corporate_number;
    afterAll(async () => {
      await t?.dispose();
      dir.cleanup();
    });

    it("filled on the form, it is in the snapshot, checklist, report, form PDF and form data alike", async () => {
      const { product } = await readyProduct(deps, ctx);
      await fillApplicationForm(deps, ctx, product.id); // corporateNumber 1234567890123
      expect(await organisationNumber()).toBe("1234567890123");
      // One value: another product's form shows it without it being typed there.
      const { product: other } = await readyProduct(deps, ctx, { name: "別製品" });
      const otherForm = await getApplicationForm(deps, ctx, other.id);
      expect(otherForm.fields.find((f) => f.id === "corporateNumber")?.value).toBe("1234567890123");
      expect(otherForm.fields.find((f) => f.id === "corporateNumber")?.organisationValue).toBe(true);
      expect(otherForm.fields.find((f) => f.id === "postalCode")?.organisationValue).toBe(false);

      const signed = await signOff(deps, ctx, product.id, {
        signerName: "山田 太郎",
        signerTitle: "代表取締役",
      });
      expect(signed.snapshot.organisation.corporateNumber).toBe("1234567890123");
      const pkg = await buildApplicationPackage(deps, ctx, product.id);
      const files = await packageFiles(deps, ctx, pkg.id, dir.path);

      const snapshot = JSON.parse(String(files.get("signoff/snapshot.json")));
      expect(snapshot.organisation.corporateNumber).toBe("1234567890123");
      expect(await checklistMeta(files.get("checklist/checklist.xlsx") as Buffer, "法人番号")).toBe(
        "1234567890123",
      );
      const report = readPdf(files.get("report/self-assessment-report.ja.pdf") as Buffer).text;
      expect(report).toMatch(/法人番号\s*1234567890123/);
      const formPdf = readPdf(files.get("forms/application-form.pdf") as Buffer).text;
      expect(formPdf).toContain("1234567890123");
      // Dated for people by the calendar in Japan; the checklist's 作成日時 in JST.
      expect(formPdf).toContain(formatDate(jstDate(new Date()), "ja"));
      expect(await checklistMeta(files.get("checklist/checklist.xlsx") as Buffer, "作成日時")).toBe(
        formatTimestamp(snapshot.takenAt, "ja"),
      );
      const formData = JSON.parse(String(files.get("forms/application-form.json")));
      expect(formData.fields.find((f: { id: string }) => f.id === "corporateNumber").value).toBe(
        "1234567890123",
      );
    }, 120_000);

    it("clearing it on a form clears it for the organisation; the form keeps no copy of its own", async () => {
      const { product } = await readyProduct(deps, ctx, { name: "三番目" });
      const form = await getApplicationForm(deps, ctx, product.id);
      await saveApplicationForm(deps, ctx, product.id, {
        version: form.version,
        proxy: false,
        values: { corporateNumber: "" },
        publish: {},
        confirmations: {},
      });
      expect(await organisationNumber()).toBeNull();
      const stored = await t.db
        .selectFrom("application_forms")
        .select("data")
        .where("org_id", "=", ctx.orgId)
        .execute();
      for (const row of stored) expect(JSON.parse(row.data).values).not.toHaveProperty("corporateNumber");
    });

    it("the migration moves a number typed on a form before to its organisation and drops the form's copy", async () => {
      const { product } = await readyProduct(deps, ctx, { name: "移行前" });
      const values = { corporateNumber: "9876543210987", postalCode: "100-0001" };
      const now = new Date().toISOString();
      await t.db.deleteFrom("application_forms").where("product_id", "=", product.id).execute();
      await t.db
        .insertInto("application_forms")
        .values({
          id: "apf_premigration",
          org_id: ctx.orgId,
          product_id: product.id,
          data: JSON.stringify({ values, publish: {}, confirmations: {}, proxy: false }),
          version: 1,
          created_at: now,
          updated_at: now,
          updated_by: null,
        })
        .execute();
      await t.db
        .updateTable("organisations")
        .set({ corporate_number: null })
        .where("id", "=", ctx.orgId)
        .execute();
      await moveCorporateNumber(t.db);
      expect(await organisationNumber()).toBe("9876543210987");
      const row = await t.db
        .selectFrom("application_forms")
        .select("data")
        .where("id", "=", "apf_premigration")
        .executeTakeFirstOrThrow();
      expect(JSON.parse(row.data).values).toEqual({ postalCode: "100-0001" });
      const form = await getApplicationForm(deps, ctx, product.id);
      expect(form.fields.find((f) => f.id === "corporateNumber")?.value).toBe("9876543210987");
    });
  },
);
