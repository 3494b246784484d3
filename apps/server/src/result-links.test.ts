import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp } from "./test-app.ts";

type Result = { version: number; state: string; notes: string | null; evidence: { id: string }[] };
type ErrorJson = { error: { code: string; details: { path: string }[]; current?: Result } };

describe.each(testDialects())("criterion result links on %s", (dialect) => {
  let t: TestApp;
  let auth: Record<string, string>;
  let assessmentId = "";
  let productId = "";
  beforeAll(async () => {
    t = await openTestApp(dialect);
    auth = (await t.user("editor")).headers;
    productId = (
      (await (await req("/api/products", json("POST", { name: "CAM", category: "camera" }))).json()) as {
        id: string;
      }
    ).id;
    assessmentId = (
      (await (await req(`/api/products/${productId}/assessments`, json("POST", {}))).json()) as { id: string }
    ).id;
  });
  afterAll(async () => t?.close());

  const req = (path: string, init: RequestInit = {}) =>
    t.app.request(path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
  const result = (criterion: string) => `/api/assessments/${assessmentId}/results/${criterion}`;
  const doc = async (name: string) =>
    (
      (await (
        await req("/api/evidence", json("POST", { type: "document", documentName: name, location: "§1" }))
      ).json()) as { id: string }
    ).id;
  const ids = (r: Result) => r.evidence.map((e) => e.id).sort();

  it("an upload on a criterion bumps the version; a save with the old version gets 409 with the current result", async () => {
    const upload = await req(
      `/api/evidence/files?kind=screenshot&fileName=s.png&productId=${productId}&criterion=S1.1-13`,
      {
        method: "POST",
        body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]),
        headers: { "content-type": "application/octet-stream" },
      },
    );
    expect(upload.status).toBe(201);
    const file = (await upload.json()) as { id: string };
    const stale = await req(
      result("S1.1-13"),
      json("PUT", { state: "not_assessed", version: 1, notes: "x" }),
    );
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as ErrorJson;
    expect(body.error.code).toBe("VERSION_CONFLICT");
    expect(body.error.current).toMatchObject({ version: 2, notes: null });
    expect(body.error.current?.evidence.map((e) => e.id)).toEqual([file.id]);
    // With the version read, a save without deltas keeps the link it did not touch.
    const saved = (await (
      await req(result("S1.1-13"), json("PUT", { state: "not_assessed", version: 2, notes: "kept" }))
    ).json()) as Result;
    expect(saved).toMatchObject({ version: 3, notes: "kept" });
    expect(ids(saved)).toEqual([file.id]);
  });

  it("links and unlinks by delta, bumps the version on POST/DELETE of a link, refuses both at once", async () => {
    const a = await doc("A");
    const b = await doc("B");
    const first = (await (
      await req(result("S1.1-01"), json("PUT", { state: "conformant", version: 1, linkEvidenceIds: [a] }))
    ).json()) as Result;
    expect(first.version).toBe(2);
    const linked = (await (
      await req(`${result("S1.1-01")}/evidence`, json("POST", { evidenceId: b }))
    ).json()) as Result;
    expect(linked.version).toBe(3);
    expect(ids(linked)).toEqual([a, b].sort());
    // Linking again changes nothing, so the version stays.
    const again = (await (
      await req(`${result("S1.1-01")}/evidence`, json("POST", { evidenceId: b }))
    ).json()) as Result;
    expect(again.version).toBe(3);
    const both = await req(
      result("S1.1-01"),
      json("PUT", { state: "conformant", version: 3, linkEvidenceIds: [a], unlinkEvidenceIds: [a] }),
    );
    expect(both.status).toBe(400);
    // Unlinking every document of a conformant document criterion is refused (422), nothing written.
    const bare = await req(
      result("S1.1-01"),
      json("PUT", { state: "conformant", version: 3, unlinkEvidenceIds: [a, b] }),
    );
    expect(bare.status).toBe(422);
    expect(((await bare.json()) as ErrorJson).error.details[0]?.path).toBe("linkEvidenceIds");
    const unlinked = (await (
      await req(result("S1.1-01"), json("PUT", { state: "conformant", version: 3, unlinkEvidenceIds: [a] }))
    ).json()) as Result;
    expect(unlinked.version).toBe(4);
    expect(ids(unlinked)).toEqual([b]);
    const removed = await req(`${result("S1.1-01")}/evidence/${b}`, { method: "DELETE" });
    expect(removed.status).toBe(200);
    const after = (await removed.json()) as Result;
    expect(after.version).toBe(5);
    expect(after.evidence).toEqual([]);
    // The evidence itself stays in the vault.
    expect((await req(`/api/evidence/${b}`)).status).toBe(200);
    const absent = (await (
      await req(`${result("S1.1-01")}/evidence/${b}`, { method: "DELETE" })
    ).json()) as Result;
    expect(absent.version).toBe(5);
    expect((await req(`${result("S1.1-01")}/evidence`, json("POST", { evidenceId: "ev_nope" }))).status).toBe(
      404,
    );
  });
});
