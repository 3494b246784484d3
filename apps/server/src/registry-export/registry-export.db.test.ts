import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { createFirmwareRelease, createProduct, readTreeManifest, startJobWorker } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildJobHandlers } from "../job-handlers.ts";
import { json, openTestApp, type TestApp } from "../test-app.ts";
import { exportRegistry } from "./export-registry.ts";
import { REGISTRY_EXPORT_BOUND_MS } from "./registry-changed.ts";

const SHOW_ALL = {
  modelNumbers: true,
  supportPeriod: true,
  latestFirmware: true,
  vulnerabilityContact: true,
  updateProcedure: true,
  label: true,
};

/** The files of one label in the export. */
const labelFiles = (n: string) => [
  `api/registry/labels/${n}/label.json`,
  `api/registry/labels/${n}/payload`,
  `api/registry/labels/${n}/label.svg`,
  `registry/${n}.ja.html`,
  `registry/${n}.en.html`,
];
/** What any change to the registry may rewrite besides the changed label's own files. */
const INDEX =
  /^(registry\/_list\/\d+\.(ja|en)\.html|api\/registry\/export\.(json|csv)|public\/search\/labels\.json)$/;
const STATUS_LIST = "api/registry/status-list";

describe.each(testDialects())("static registry export on %s", (dialect) => {
  let t: TestApp;
  let operator: Record<string, string>;
  let editor: Record<string, string>;
  let productId: string;
  const dir = tempDir("jcstar-export-");
  const numbers: string[] = [];

  const issue = async (body: Record<string, unknown>) => {
    const res = await t.app.request("/api/operator/labels", json("POST", body, operator));
    expect(res.status).toBe(201);
    const { registrationNumber } = (await res.json()) as { registrationNumber: string };
    numbers.push(registrationNumber);
    return registrationNumber;
  };
  const publish = async (version: number, published: boolean) => {
    const body = {
      version,
      published,
      slug: "cam-1",
      show: SHOW_ALL,
      vulnerabilityContact: "psirt@example.jp",
      vulnerabilityPolicyUrl: null,
      securityTxtUrl: null,
      updateProcedure: { ja: "手順", en: "Steps" },
    };
    const res = await t.app.request(`/api/products/${productId}/publication`, json("PUT", body, editor));
    expect(res.status).toBe(200);
  };
  const mtimes = () =>
    Object.fromEntries(
      Object.keys(readTreeManifest(dir.path).files).map((p) => [p, statSync(join(dir.path, p)).mtimeMs]),
    );

  beforeAll(async () => {
    t = await openTestApp(dialect, { registryExportDir: dir.path });
    operator = await t.session((await t.user(null, { instanceRole: "operator" })).id);
    editor = (await t.user("editor")).headers;
    const ctx = { orgId: t.orgId, actor: { id: null, name: "maker" }, lang: "en" as const };
    productId = (
      await createProduct(t.deps, ctx, { name: "Cam", category: "camera", modelNumbers: ["CAM-1"] })
    ).id;
    await publish(0, true);
    await issue({ productId });
    for (let i = 0; i < 21; i++) await issue({ product: `Router ${i}`, maker: "Net 社" });
  });
  afterAll(async () => {
    await t?.close();
    dir.cleanup();
  });

  it("writes every public page per language, label JSON, payload, artwork, keys, status list and index", async () => {
    const result = await exportRegistry(t.deps, dir.path);
    expect(result.deleted).toEqual([]);
    const files = Object.keys(readTreeManifest(dir.path).files);
    for (const n of numbers) for (const file of labelFiles(n)) expect(files).toContain(file);
    for (const file of [
      "p/cam-1.ja.html",
      "p/cam-1.en.html",
      `p/${productId}.ja.html`,
      ".well-known/jwks.json",
      "api/registry/jwks",
      STATUS_LIST,
      "api/registry/export.json",
      "api/registry/export.csv",
      "public/registry.css",
      "public/registry-search.js",
      "public/search/labels.json",
      "registry/_list/1.ja.html",
      "registry/_list/2.en.html",
      "_errors/404.ja.html",
    ])
      expect(files).toContain(file);
    expect(files).not.toContain("registry/_list/3.ja.html"); // 22 labels, 20 a page
    // Each file is the app's own answer.
    const n = numbers[3] as string;
    const page = await t.app.request(`/registry/${n}?lang=en`);
    expect(readFileSync(join(dir.path, `registry/${n}.en.html`), "utf8")).toBe(await page.text());
    const index = JSON.parse(readFileSync(join(dir.path, "public/search/labels.json"), "utf8"));
    expect(index.labels).toHaveLength(22);
    expect(index.labels[0]).toEqual([
      numbers[0],
      "valid",
      1,
      "Cam",
      "Test maker",
      expect.any(String),
      expect.arrayContaining(["cam-1", "cam"]),
    ]);
  });

  it("rewrites nothing when nothing changed", async () => {
    const before = mtimes();
    const result = await exportRegistry(t.deps, dir.path);
    expect(result.written).toEqual([]);
    expect(result.deleted).toEqual([]);
    expect(mtimes()).toEqual(before);
  });

  it("after issuing one label rewrites only that label's files, the index and the status list", async () => {
    const before = mtimes();
    const n = await issue({ product: "Hub", maker: "Net 社" });
    const result = await exportRegistry(t.deps, dir.path);
    for (const file of labelFiles(n)) expect(result.written).toContain(file);
    expect(result.written).toContain("public/search/labels.json");
    expect(result.written).toContain("registry/_list/2.ja.html");
    const others = result.written.filter(
      (p) => !labelFiles(n).includes(p) && !INDEX.test(p) && p !== STATUS_LIST,
    );
    expect(others).toEqual([]);
    const after = mtimes();
    for (const file of labelFiles(numbers[0] as string)) expect(after[file]).toBe(before[file]);
  });

  it("after a revocation rewrites the label's files, its product page, the index and the status list", async () => {
    const n = numbers[0] as string;
    const res = await t.app.request(
      `/api/operator/labels/${n}/revoke`,
      json("POST", { reason: "key leaked" }, operator),
    );
    expect(res.status).toBe(200);
    const result = await exportRegistry(t.deps, dir.path);
    expect(result.written).toContain(STATUS_LIST);
    expect(result.written).toContain(`registry/${n}.ja.html`);
    expect(readFileSync(join(dir.path, `registry/${n}.en.html`), "utf8")).toContain('data-status="revoked"');
    const productPages = /^p\/(cam-1|prd_\w+)\.(ja|en)\.html$/;
    const others = result.written.filter(
      (p) => !labelFiles(n).includes(p) && !INDEX.test(p) && p !== STATUS_LIST && !productPages.test(p),
    );
    expect(others).toEqual([]);
    expect(result.written).toContain("p/cam-1.ja.html");
  });

  it("keeps by fingerprint only what a full export would write the same (a firmware release shows on the pages)", async () => {
    const ctx = { orgId: t.orgId, actor: { id: null, name: "maker" }, lang: "en" as const };
    await createFirmwareRelease(t.deps, ctx, productId, {
      version: "9.9.9",
      releasedOn: "2026-11-30",
      securityFixes: ["CVE-2026-9999"],
    });
    const result = await exportRegistry(t.deps, dir.path);
    expect(result.written).toContain(`registry/${numbers[0]}.ja.html`);
    expect(result.written).toContain("p/cam-1.en.html");
    expect(readFileSync(join(dir.path, "p/cam-1.en.html"), "utf8")).toContain("9.9.9");
    const fresh = tempDir("jcstar-export-fresh-");
    try {
      await exportRegistry(t.deps, fresh.path);
      const hashes = (d: string) =>
        Object.fromEntries(
          Object.entries(readTreeManifest(d).files)
            .filter(([p]) => p !== STATUS_LIST)
            .map(([p, f]) => [p, f.sha256]),
        );
      expect(hashes(dir.path)).toEqual(hashes(fresh.path));
    } finally {
      fresh.cleanup();
    }
  });

  it("deletes the files of what vanished, and rewrites a file removed behind its back", async () => {
    await publish(1, false);
    rmSync(join(dir.path, ".well-known/jwks.json"));
    const result = await exportRegistry(t.deps, dir.path);
    expect(result.deleted.sort()).toEqual(
      ["p/cam-1.en.html", "p/cam-1.ja.html", `p/${productId}.en.html`, `p/${productId}.ja.html`].sort(),
    );
    expect(() => statSync(join(dir.path, "p/cam-1.ja.html"))).toThrow();
    expect(result.written).toContain(".well-known/jwks.json");
  });

  it("shows a revocation on the static copy within the stated bound, with a polling worker", async () => {
    const worker = startJobWorker({ db: t.db.db, now: t.deps.now, handlers: buildJobHandlers(t.deps) });
    try {
      await exportRegistry(t.deps, dir.path); // as it would be after the last change
      const n = numbers[5] as string;
      const started = Date.now();
      const res = await t.app.request(
        `/api/operator/labels/${n}/revoke`,
        json("POST", { reason: "r" }, operator),
      );
      expect(res.status).toBe(200);
      const page = join(dir.path, `registry/${n}.ja.html`);
      while (!readFileSync(page, "utf8").includes('data-status="revoked"')) {
        expect(Date.now() - started).toBeLessThan(REGISTRY_EXPORT_BOUND_MS);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await worker.stop();
    }
  });

  it("runs as a job queued by issuing, merging the exports queued before it started", async () => {
    await t.db.db.deleteFrom("jobs").execute();
    const n1 = await issue({ product: "Bridge", maker: "Net 社" });
    const n2 = await issue({ product: "Sensor", maker: "Net 社" });
    const queued = await t.db.db
      .selectFrom("jobs")
      .select("id")
      .where("kind", "=", "registry-export")
      .execute();
    expect(queued).toHaveLength(2);
    const worker = startJobWorker(
      { db: t.db.db, now: t.deps.now, handlers: buildJobHandlers(t.deps) },
      { autostart: false },
    );
    expect(await worker.drain()).toBe(1);
    await worker.stop();
    const jobs = await t.db.db
      .selectFrom("jobs")
      .select(["status", "result"])
      .where("kind", "=", "registry-export")
      .orderBy("created_at")
      .execute();
    expect(jobs.map((j) => j.status)).toEqual(["done", "done"]);
    expect(jobs.some((j) => (j.result ?? "").includes("coalescedInto"))).toBe(true);
    for (const n of [n1, n2])
      expect(statSync(join(dir.path, `registry/${n}.ja.html`)).size).toBeGreaterThan(0);
  });
});
