import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { blobPath, createProduct, LEGACY_CHECKPOINT_FILE } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

type Ev = {
  id: string;
  revision: number;
  supersedesId: string | null;
  file: { sha256: string; size: number; mediaType: string; originalName: string } | null;
};
type Report = { ok: boolean; problems: { code: string; ref: string }[] };

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

describe.each(testDialects())("evidence vault on %s", (dialect) => {
  let t: TestApp;
  let editor: TestUser;
  let owner: TestUser;
  let productId: string;

  beforeEach(async () => {
    t = await openTestApp(dialect);
    editor = await t.user("editor");
    owner = await t.user("owner");
    const ctx = { orgId: t.orgId, actor: { id: editor.id, name: "E" }, lang: "en" as const };
    productId = (await createProduct(t.deps, ctx, { name: "CAM", category: "camera" })).id;
    const started = await t.app.request(
      `/api/products/${productId}/assessments`,
      json("POST", {}, editor.headers),
    );
    expect(started.status).toBe(201);
  });
  afterEach(async () => t?.close());

  const upload = (body: Buffer | string, query: string, headers: Record<string, string> = editor.headers) =>
    t.app.request(`/api/evidence/files?${query}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/octet-stream" },
      body: typeof body === "string" ? body : new Uint8Array(body),
    });
  const verify = async () =>
    (await (
      await t.app.request("/api/vault/verify", { method: "POST", headers: owner.headers })
    ).json()) as Report;

  it("stores files by hash, sniffs their type, dedupes, and links them to criteria", async () => {
    const res = await upload(
      PNG,
      `kind=photo&fileName=${encodeURIComponent("../../etc/本体ラベル.png")}&productId=${productId}&criterion=S1.1-10&summary=label`,
    );
    expect(res.status).toBe(201);
    const ev = (await res.json()) as Ev;
    expect(ev.file).toMatchObject({
      size: PNG.length,
      mediaType: "image/png",
      originalName: "本体ラベル.png",
    });
    expect(readFileSync(blobPath(t.deps.blobs, ev.file?.sha256 ?? "")).equals(PNG)).toBe(true);
    const again = (await (await upload(PNG, "kind=photo&fileName=copy.png")).json()) as Ev;
    expect(again.file?.sha256).toBe(ev.file?.sha256);
    const assessments = (await (
      await t.app.request(`/api/products/${productId}/assessments`, { headers: editor.headers })
    ).json()) as { id: string }[];
    const view = (await (
      await t.app.request(`/api/assessments/${assessments[0]?.id}`, { headers: editor.headers })
    ).json()) as {
      results: { criterionId: string; evidence: { id: string }[] }[];
    };
    expect(view.results.find((r) => r.criterionId === "S1.1-10")?.evidence.map((e) => e.id)).toEqual([ev.id]);
    const download = await t.app.request(`/api/evidence/${ev.id}/file`, { headers: editor.headers });
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    expect(download.headers.get("x-content-sha256")).toBe(ev.file?.sha256);
    // A text log claims nothing; its type comes from its content.
    const log = (await (await upload("2026-11-26 login failed\n", "kind=log&fileName=x.png")).json()) as Ev;
    expect(log.file?.mediaType).toBe("text/plain");
  });

  it("refuses oversize and badly described uploads, recording nothing", async () => {
    const big = await upload(Buffer.alloc(t.deps.maxUploadBytes + 1), "kind=log");
    expect(big.status).toBe(413);
    const bad = await upload("x", "kind=selfie");
    expect(bad.status).toBe(400);
    const unknownCriterion = await upload("x", `kind=log&productId=${productId}&criterion=S1.1-99`);
    expect(unknownCriterion.status).toBe(404);
    const viewer = await t.user("viewer");
    expect((await upload("x", "kind=log", viewer.headers)).status).toBe(403);
    const list = (await (
      await t.app.request("/api/evidence", { headers: editor.headers })
    ).json()) as unknown[];
    expect(list).toEqual([]);
  });

  it("corrects by revision: the old revision stays, links move to the new one", async () => {
    const doc = (await (
      await t.app.request(
        "/api/evidence",
        json("POST", { type: "document", documentName: "Policy", location: "§1" }, editor.headers),
      )
    ).json()) as Ev;
    const revised = await t.app.request(
      `/api/evidence/${doc.id}/revisions`,
      json(
        "POST",
        { type: "document", documentName: "Policy", documentVersion: "1.1", location: "§2" },
        editor.headers,
      ),
    );
    expect(revised.status).toBe(201);
    const r2 = (await revised.json()) as Ev;
    expect(r2).toMatchObject({ revision: 2, supersedesId: doc.id });
    const history = (await (
      await t.app.request(`/api/evidence/${doc.id}/history`, { headers: editor.headers })
    ).json()) as Ev[];
    expect(history.map((h) => h.revision)).toEqual([1, 2]);
    const list = (await (await t.app.request("/api/evidence", { headers: editor.headers })).json()) as Ev[];
    expect(list.map((e) => e.id)).toEqual([r2.id]);
    // Nothing is deleted before the retention end.
    const del = await t.app.request(`/api/evidence/${r2.id}`, { method: "DELETE", headers: owner.headers });
    expect(del.status).toBe(409);
  });

  it("verifies clean, then detects an altered file, an altered row, a rewritten or truncated chain", async () => {
    const ev = (await (
      await upload("probe log line\n", `kind=log&productId=${productId}&criterion=S1.1-04`)
    ).json()) as Ev;
    await t.app.request(
      "/api/evidence",
      json("POST", { type: "document", documentName: "Manual", location: "p.3" }, editor.headers),
    );
    expect(await verify()).toMatchObject({ ok: true, problems: [] });

    // A file changed on disk.
    writeFileSync(blobPath(t.deps.blobs, ev.file?.sha256 ?? ""), "probe log line (edited)\n");
    let report = await verify();
    expect(report.problems.map((p) => p.code)).toEqual(["FILE_ALTERED"]);
    // …which blocks the criterion it supports.
    const assessments = (await (
      await t.app.request(`/api/products/${productId}/assessments`, { headers: editor.headers })
    ).json()) as { id: string }[];
    const readiness = (await (
      await t.app.request(`/api/assessments/${assessments[0]?.id}/readiness`, { headers: editor.headers })
    ).json()) as {
      criteria: { criterionId: string; blockers: { code: string }[] }[];
    };
    expect(
      readiness.criteria.find((c) => c.criterionId === "S1.1-04")?.blockers.map((b) => b.code),
    ).toContain("EVIDENCE_VERIFICATION_FAILED");
    writeFileSync(blobPath(t.deps.blobs, ev.file?.sha256 ?? ""), "probe log line\n");
    expect((await verify()).ok).toBe(true);

    // A row edited behind the platform's back.
    await t.db.db.updateTable("evidence").set({ summary: "nicer words" }).where("id", "=", ev.id).execute();
    report = await verify();
    expect(report.problems).toEqual([
      expect.objectContaining({ code: "ROW_ALTERED", ref: `evidence:${ev.id}` }),
    ]);
    await t.db.db.updateTable("evidence").set({ summary: null }).where("id", "=", ev.id).execute();

    // A file removed from disk, then a row removed from the database.
    const path = blobPath(t.deps.blobs, ev.file?.sha256 ?? "");
    const saved = readFileSync(path);
    rmSync(path);
    expect((await verify()).problems.map((p) => p.code)).toEqual(["FILE_MISSING"]);
    writeFileSync(path, saved);
    await t.db.db.deleteFrom("evidence_links").where("evidence_id", "=", ev.id).execute();
    await t.db.db.deleteFrom("evidence_verifications").where("evidence_id", "=", ev.id).execute();
    await t.db.db.deleteFrom("evidence").where("id", "=", ev.id).execute();
    expect((await verify()).problems).toEqual([
      expect.objectContaining({ code: "ROW_REMOVED", ref: `evidence:${ev.id}` }),
    ]);

    // An audit entry rewritten.
    await t.db.db.updateTable("audit_entries").set({ actor: "someone-else" }).where("seq", "=", 1).execute();
    expect((await verify()).problems.map((p) => p.code)).toContain("CHAIN_BROKEN");
  });

  it("detects a truncated chain and a checkpoint that does not verify", async () => {
    await t.app.request(
      "/api/evidence",
      json("POST", { type: "document", documentName: "A", location: "1" }, editor.headers),
    );
    await t.app.request(
      "/api/evidence",
      json("POST", { type: "document", documentName: "B", location: "2" }, editor.headers),
    );
    expect((await verify()).ok).toBe(true);
    // Checkpoints are in the database now, none in the data folder.
    expect(existsSync(join(t.deps.dataDir, LEGACY_CHECKPOINT_FILE))).toBe(false);
    const max = await t.db.db
      .selectFrom("audit_entries")
      .select(sql<number>`max(seq)`.as("m"))
      .executeTakeFirstOrThrow();
    // Remove the newest entry and put the head back: the signed checkpoint at that entry still knows.
    await t.db.db.deleteFrom("audit_entries").where("seq", "=", Number(max.m)).execute();
    await t.db.db
      .updateTable("audit_head")
      .set({ seq: Number(max.m) - 1 })
      .where("id", "=", 1)
      .execute();
    const report = await verify();
    expect(report.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(["CHAIN_TRUNCATED", "ROW_UNAUDITED"]),
    );
    await t.db.db.updateTable("audit_checkpoints").set({ signature: "AAAA" }).execute();
    expect((await verify()).problems.map((p) => p.code)).toContain("CHECKPOINT_INVALID");
  });
});
