import { Readable } from "node:stream";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssessment } from "../assessment/assessment.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { migrateToLatest } from "../db/create-db.ts";
import { MIGRATIONS } from "../db/migrations/index.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { fileProbeRun } from "../device-tests/file-probe-run.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { createProduct } from "../product/product.ts";
import { uploadEvidence, type VaultDeps } from "../vault/upload.ts";
import { verifyVault } from "../vault/verify.ts";
import { createEvidence, getEvidence, listEvidence } from "./evidence.ts";
import { evidenceRowHash } from "./row-hash.ts";

const TEXTS = "2026-12-04T0150-evidence-texts";
/** The last migration before evidence rows had `texts`: a data folder made by the release before. */
const ORDER = Object.keys(MIGRATIONS).sort();
const BEFORE_TEXTS = ORDER[ORDER.indexOf(TEXTS) - 1] ?? "";

/** A probe-result row as the release before wrote it, and the hash that release recorded for it. */
const OLD_ROW = {
  id: "evd_fixture0001",
  org_id: "org_fixture",
  type: "device_test",
  title: "ports:tcp/554 — PASS",
  document_name: null,
  document_number: null,
  document_version: null,
  location: null,
  url: null,
  record_name: "camera: ports:tcp/554 (2026-11-30T01:00:00Z)",
  result_summary: "PASS: 想定外のポートはありません",
  tested_on: "2026-11-30",
  tester: "検査 太郎",
  notes: null,
  kind: "probe-result",
  summary: "想定外のポートはありません",
  blob_sha256: "a".repeat(64),
  original_name: "probe-results.json",
  revision: 1,
  supersedes_id: null,
  created_at: "2026-11-30T01:02:03.000Z",
  created_by: "usr_fixture",
  test_key: "ports:tcp/554",
  test_verdict: "PASS",
  claimed_by: null,
  claimed_at: null,
  claimed_source: null,
};
/** Computed with row-hash.ts as it was before `texts` (commit 1e4426e). */
const OLD_HASH = "73776b30ea4b42467241c31aab399545eb35a69db1e1d51452ee4e2fd9d3e06e";

const RUN = {
  tool: "jcstar",
  version: "0.1.0",
  profile: "camera",
  host: "127.0.0.1",
  startedAt: "2026-12-01T01:00:00Z",
  finishedAt: "2026-12-01T01:01:00Z",
  results: [
    {
      probe: "ports",
      criteria: ["S1.1-06"],
      verdict: "PASS",
      summary: { ja: "想定外の開いたポートはありません。", en: "No unexpected open ports." },
      findings: {},
      units: [],
      log: [],
    },
  ],
};

describe("evidence texts: the hash of a row without texts is what it always was", () => {
  it("hashes an old row (texts absent or null) to the hash recorded before", () => {
    expect(evidenceRowHash(OLD_ROW)).toBe(OLD_HASH);
    expect(evidenceRowHash({ ...OLD_ROW, texts: null })).toBe(OLD_HASH);
    expect(evidenceRowHash({ ...OLD_ROW, texts: '{"summary":{"ja":"a","en":"b"}}' })).not.toBe(OLD_HASH);
  });
});

describe.each(testDialects())("evidence texts across the migration on %s", (dialect) => {
  let t: TestDb;
  let deps: VaultDeps;
  let ctx: RequestContext;
  let productId: string;
  const files = tempDir("jcstar-texts-");
  const now = () => new Date("2026-12-01T02:00:00Z");

  beforeAll(async () => {
    t = await openTestDb(dialect, { upTo: BEFORE_TEXTS });
    deps = { db: t.db, catalog: loadCatalog(), now, blobs: { root: files.path }, maxUploadBytes: 1_000_000 };
    const org = await createOrganisation(t.db, "株式会社テスト", now());
    ctx = { orgId: org.id, actor: { id: null, name: "検査 太郎" }, lang: "ja" };
    productId = (await createProduct(deps, ctx, { name: "カメラ", category: "camera" })).id;
    await createAssessment(deps, ctx, productId);
  });
  afterAll(async () => {
    await t?.dispose();
    files.cleanup();
  });

  it("keeps `evidence verify` clean on rows written before, and bilingual texts after", async () => {
    // Written the old way, on the old schema (no `texts` column yet).
    await createEvidence(deps, ctx, {
      type: "device_test",
      recordName: "手動の検査記録",
      resultSummary: "異常なし",
      testedOn: "2026-11-30",
      tester: "検査 太郎",
    });
    await uploadEvidence(
      deps,
      ctx,
      { kind: "photo", fileName: "label.png", productId, criterion: ["S1.1-06"] },
      Readable.from([Buffer.from("\x89PNG\r\n\x1a\nfixture")]),
    );
    const before = await verifyVault(t.db, deps.blobs, now());
    expect(before.problems).toEqual([]);

    expect((await migrateToLatest(t.db))[0]).toBe(TEXTS);
    const after = await verifyVault(t.db, deps.blobs, now());
    expect(after.problems).toEqual([]);
    expect(after.ok).toBe(true);
    for (const e of await listEvidence(deps, ctx)) expect(e.texts).toBeNull();

    // A run filed after the migration: one record per result, its summaries in both languages.
    const filed = await fileProbeRun(deps, ctx, productId, RUN);
    const records = await Promise.all(filed.evidenceIds.map((id) => getEvidence(deps, ctx, id)));
    const ports = records.find((e) => e.deviceTestResult?.key === "ports");
    expect(ports?.deviceTest?.resultSummary).toBe("PASS: 想定外の開いたポートはありません。");
    expect(ports?.texts?.resultSummary).toEqual({
      ja: "PASS: 想定外の開いたポートはありません。",
      en: "PASS: No unexpected open ports.",
    });
    expect(ports?.texts?.summary?.en).toBe("No unexpected open ports.");
    const reports = records.filter((e) => e.kind === "log");
    expect(reports.map((e) => e.texts?.title?.en)).toEqual([
      "camera — device test report (2026-12-01T01:00:00Z)",
      "camera — device test report (2026-12-01T01:00:00Z)",
    ]);
    expect((await verifyVault(t.db, deps.blobs, now())).problems).toEqual([]);

    // The texts are part of the row's hash: changing them is detected.
    await t.db
      .updateTable("evidence")
      .set({ texts: JSON.stringify({ resultSummary: { ja: "PASS", en: "PASS (edited)" } }) })
      .where("id", "=", ports?.id ?? "")
      .execute();
    const tampered = await verifyVault(t.db, deps.blobs, now());
    expect(tampered.problems.map((p) => [p.code, p.ref])).toContainEqual([
      "ROW_ALTERED",
      `evidence:${ports?.id}`,
    ]);
  });
});
