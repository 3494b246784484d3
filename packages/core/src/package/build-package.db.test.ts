import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCriterionResult } from "../assessment/set-result.ts";
import { sha256Hex } from "../audit/canonical-json.ts";
import { eachZipEntry, readAll } from "../bundle/zip-read.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { fillApplicationForm } from "../forms/fill-form.test-helper.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { havePoppler, readPdf } from "../pdf/pdf-tools.test-helper.ts";
import { readyProduct } from "../signoff/ready-product.test-helper.ts";
import { signOff } from "../signoff/signoff.ts";
import { blobPath } from "../vault/blob-store.ts";
import { uploadEvidence } from "../vault/upload.ts";
import { buildApplicationPackage } from "./build-package.ts";
import type { PackageDeps } from "./package-entry.ts";
import { listPackages, openPackage, packageStatus } from "./package-history.ts";
import { generatedPart, PACKAGE_PARTS } from "./package-parts.ts";
import type { PackageManifest } from "./package-record.ts";

const run = havePoppler();

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe.skipIf(!run).each(testDialects())("application package on %s", (dialect) => {
  let t: TestDb;
  let deps: PackageDeps & { maxUploadBytes: number };
  let ctx: RequestContext;
  const dir = tempDir("jcstar-package-");

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
    const org = await createOrganisation(t.db, "株式会社パッケージ", deps.now());
    ctx = { orgId: org.id, actor: { id: null, name: "test" }, lang: "ja" };
  });
  afterAll(async () => {
    await t?.dispose();
    dir.cleanup();
  });

  async function upload(productId: string, name: string, body: Buffer, type: "document" | "photo") {
    return uploadEvidence(
      deps,
      ctx,
      type === "document"
        ? {
            kind: "document",
            fileName: name,
            productId,
            criterion: ["S1.1-01"],
            documentName: "脆弱性開示ポリシー",
            documentNumber: "POL-1",
            documentVersion: "1.0",
            location: "全体",
          }
        : {
            kind: "photo",
            fileName: name,
            productId,
            criterion: ["S1.1-04"],
            tester: "鈴木",
            testedOn: "2026-11-20",
          },
      Readable.from([body]),
    );
  }

  it("is refused while not ready or not signed off, built when ready, with a manifest whose hashes match", async () => {
    const { product } = await readyProduct(deps, ctx);
    const policy = await upload(
      product.id,
      "policy.html",
      Buffer.from("<h1>脆弱性開示ポリシー</h1>"),
      "document",
    );
    const photo = await upload(product.id, "写真 1.jpg", Buffer.alloc(300_000, 7), "photo");

    const notReady = await errorOf(buildApplicationPackage(deps, ctx, product.id));
    expect(notReady.code).toBe("NOT_READY");
    expect(notReady.status).toBe(422);
    expect(notReady.details.every((d) => d.path.endsWith(".APPLICATION_FIELD_MISSING"))).toBe(true);
    await fillApplicationForm(deps, ctx, product.id, { proxy: true });
    const unsigned = await errorOf(buildApplicationPackage(deps, ctx, product.id));
    expect(unsigned.code).toBe("NO_SIGNOFF");
    expect((await packageStatus(deps, ctx, product.id)).canBuild).toBe(false);

    const signed = await signOff(deps, ctx, product.id, {
      signerName: "山田 太郎",
      signerTitle: "代表取締役",
    });
    expect((await packageStatus(deps, ctx, product.id)).canBuild).toBe(true);
    const pkg = await buildApplicationPackage(deps, ctx, product.id);
    expect(pkg.signoffId).toBe(signed.id);

    const { stream, record } = await openPackage(deps, ctx, pkg.id);
    const zipBytes = await readAll(stream, 100 * 1024 * 1024);
    expect(createHash("sha256").update(zipBytes).digest("hex")).toBe(record.zipSha256);
    const zipFile = join(dir.path, "pkg.zip");
    writeFileSync(zipFile, zipBytes);
    // A real client checks every CRC-32 and size.
    if (which("unzip"))
      expect(execFileSync("unzip", ["-tq", zipFile], { encoding: "utf8" })).toMatch(/No errors/);
    const files = new Map<string, Buffer>();
    await eachZipEntry(
      zipFile,
      () => true,
      async (name, s) => {
        files.set(name, await readAll(s, 100 * 1024 * 1024));
      },
    );
    const manifest = JSON.parse(String(files.get("manifest.json"))) as PackageManifest;
    expect(manifest.signoff.snapshotSha256).toBe(signed.snapshotSha256);
    expect([...files.keys()].sort()).toEqual([...manifest.files.map((f) => f.path), "manifest.json"].sort());
    for (const f of manifest.files) {
      const bytes = files.get(f.path) as Buffer;
      expect(sha256Hex(bytes), f.path).toBe(f.sha256);
      expect(bytes.length).toBe(f.size);
    }
    expect(sha256Hex(files.get("signoff/snapshot.json") as Buffer)).toBe(signed.snapshotSha256);
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toContain(`documents/${policy.file?.sha256}/policy.html`);
    expect(paths).toContain(`evidence/${photo.file?.sha256}/写真 1.jpg`);
    for (const p of [
      "report/self-assessment-report.ja.pdf",
      "forms/application-form.json",
      "forms/application-form.html",
      "forms/application-form.pdf",
      "forms/form-2-1-confirmation.pdf",
      "forms/form-2-3-power-of-attorney.pdf",
    ])
      expect(paths).toContain(p);
    const report = readPdf(files.get("report/self-assessment-report.ja.pdf") as Buffer);
    expect(report.text).toContain("脆弱性開示ポリシー");
    const form = readPdf(files.get("forms/application-form.pdf") as Buffer);
    expect(form.text).toContain("郵便番号");
    expect(form.text).toContain("100-0001");
    expect(form.text).toContain("カメラ");
    expect(String(files.get("forms/form-2-3-power-of-attorney.html"))).toContain("申請代行株式会社");
    const data = JSON.parse(String(files.get("forms/application-form.json")));
    expect(data.fields.find((f: { id: string }) => f.id === "contactEmail").publishOnWebsite).toBe(true);
    expect(data.fields.find((f: { id: string }) => f.id === "contactName").publishOnWebsite).toBe(null);

    // A damaged evidence file fails the build; nothing is recorded.
    writeFileSync(blobPath(deps.blobs, photo.file?.sha256 as string), Buffer.alloc(300_000, 8));
    expect((await errorOf(buildApplicationPackage(deps, ctx, product.id))).code).toBe(
      "PACKAGE_FILE_MISMATCH",
    );
    // So does a missing one (a clear error, not a crash).
    rmSync(blobPath(deps.blobs, photo.file?.sha256 as string));
    expect((await errorOf(buildApplicationPackage(deps, ctx, product.id))).code).toBe(
      "PACKAGE_FILE_MISMATCH",
    );
    expect((await listPackages(deps, ctx, product.id)).map((p) => p.id)).toEqual([pkg.id]);
  });

  it("on the PSTI route S1.1-02/05/16 are deemed met", async () => {
    const { product, assessmentId } = await readyProduct(deps, ctx, { name: "PSTI 製品" });
    await fillApplicationForm(deps, ctx, product.id);
    await setCriterionResult(deps, ctx, assessmentId, "S1.1-05", { state: "non_conformant", version: 2 });
    expect((await errorOf(signOff(deps, ctx, product.id, { signerName: "a", signerTitle: "b" }))).code).toBe(
      "NOT_READY",
    );
    await signOff(deps, ctx, product.id, { signerName: "a", signerTitle: "b", route: "psti" });
    // A part added to the one list shows up in the ZIP and its manifest.
    PACKAGE_PARTS.push(
      generatedPart("extra", "extra/hello.txt", "text/plain", async () => Buffer.from("こんにちは")),
    );
    const pkg = await buildApplicationPackage(deps, ctx, product.id, { lang: "en" }).finally(() =>
      PACKAGE_PARTS.pop(),
    );
    expect(pkg.manifest.files.find((f) => f.path === "extra/hello.txt")?.sha256).toBe(
      sha256Hex(Buffer.from("こんにちは")),
    );
    expect(pkg.manifest.route).toBe("psti");
    expect(pkg.manifest.files.map((f) => f.path)).toContain("report/self-assessment-report.en.pdf");
  });
});
