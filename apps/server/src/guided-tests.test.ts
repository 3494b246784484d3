import { createEvidence, createFirmwareRelease, createOrganisation, createProduct } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { GUIDES } from "@jcstar/probes";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

type Ev = {
  id: string;
  kind: string | null;
  title: string;
  deviceTest: { tester: string; resultSummary: string; testedOn: string } | null;
  deviceTestResult: { key: string; verdict: string } | null;
  file: { sha256: string; mediaType: string; originalName: string | null } | null;
};
type View = {
  id: string;
  results: { criterionId: string; evidence: Ev[] }[];
  readiness: { criteria: { criterionId: string; blockers: { code: string }[] }[] };
};

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(40, 3),
]);

describe.each(testDialects())("guided tests and the platform check on %s", (dialect) => {
  let t: TestApp;
  let editor: TestUser;
  let productId: string;
  let assessmentId: string;

  beforeEach(async () => {
    t = await openTestApp(dialect);
    editor = await t.user("editor");
    const ctx = { orgId: t.orgId, actor: { id: editor.id, name: "E" }, lang: "en" as const };
    productId = (
      await createProduct(t.deps, ctx, {
        name: "JC-CAM",
        category: "camera",
        modelNumbers: ["JC-CAM-100", "JC-CAM-100W"],
      })
    ).id;
    const res = await t.app.request(
      `/api/products/${productId}/assessments`,
      json("POST", {}, editor.headers),
    );
    assessmentId = ((await res.json()) as { id: string }).id;
  });
  afterEach(async () => t?.close());

  const view = async () =>
    (await (
      await t.app.request(`/api/assessments/${assessmentId}`, { headers: editor.headers })
    ).json()) as View;
  const text = async (id: string) =>
    (await t.app.request(`/api/evidence/${id}/file`, { headers: editor.headers })).text();
  const uploadPhoto = async () => {
    const res = await t.app.request(
      `/api/evidence/files?kind=photo&fileName=label.png&productId=${productId}&criterion=S1.1-10`,
      {
        method: "POST",
        headers: { ...editor.headers, "content-type": "application/octet-stream" },
        body: new Uint8Array(PNG),
      },
    );
    expect(res.status).toBe(201);
    return (await res.json()) as Ev;
  };
  const file = (body: unknown, headers = editor.headers) =>
    t.app.request(`/api/products/${productId}/guided-tests`, json("POST", body, headers));

  it("serves the guides the CLI walks", async () => {
    const res = await t.app.request("/api/guides");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(GUIDES)));
  });

  it("files a walked guide with a photo as device-test evidence on the criterion, with ja/en reports", async () => {
    const photo = await uploadPhoto();
    expect(photo.file?.mediaType).toBe("image/png");
    const res = await file({
      criterion: "S1.1-10",
      tester: "佐藤 試験者",
      startedAt: "2026-11-26T01:00:00.000Z",
      answers: [
        {
          step: "body-label",
          result: "pass",
          note: "label on the bottom",
          at: "2026-11-26T01:01:00.000Z",
          attachments: [{ evidenceId: photo.id }],
        },
        { step: "label-durable", result: "pass", at: "2026-11-26T01:02:00.000Z" },
        { step: "ui-model", result: "fail", note: "app shows no model", at: "2026-11-26T01:03:00.000Z" },
        { step: "ui-version", result: "skip", at: "2026-11-26T01:04:00.000Z" },
      ],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const filed = (await res.json()) as { verdict: string; evidenceIds: string[] };
    expect(filed.verdict).toBe("FAIL");
    expect(filed.evidenceIds).toHaveLength(3);
    const s10 = (await view()).results.find((r) => r.criterionId === "S1.1-10");
    const record = s10?.evidence.find((e) => e.deviceTestResult);
    expect(record?.deviceTestResult).toEqual({ key: "guide:S1.1-10", verdict: "FAIL" });
    expect(record?.deviceTest?.tester).toBe("佐藤 試験者");
    expect(record?.deviceTest?.testedOn).toBe("2026-11-26");
    expect(s10?.evidence.map((e) => e.id)).toContain(photo.id);
    const reports = s10?.evidence.filter((e) => e.kind === "log") ?? [];
    expect(reports).toHaveLength(2);
    const all = await Promise.all(reports.map((r) => text(r.id)));
    const ja = all.find((r) => r.includes("実機テスト")) ?? "";
    const en = all.find((r) => r.includes("device test")) ?? "";
    expect(ja).toContain("不合格（佐藤 試験者、2026-11-26T01:03:00.000Z） メモ: app shows no model");
    expect(ja).toContain(`添付: label.png (sha256 ${photo.file?.sha256.slice(0, 16)}…)`);
    expect(en).toContain("→ pass (佐藤 試験者, 2026-11-26T01:01:00.000Z)");
    expect(en).toContain("2 pass, 1 fail, 1 skipped");
    const json = JSON.parse(await text(record?.id ?? "")) as {
      results: { findings: { answers: { attachments: { evidenceId: string; mediaType: string }[] }[] } }[];
    };
    expect(json.results[0]?.findings.answers[0]?.attachments[0]).toMatchObject({
      evidenceId: photo.id,
      mediaType: "image/png",
    });
    const blockers = (await view()).readiness.criteria.find((c) => c.criterionId === "S1.1-10")?.blockers;
    expect(blockers?.map((b) => b.code)).toContain("DEVICE_TEST_FAILED");

    // A later walk where every step passes is the newest run of the test: the blocker goes.
    const pass = await file({
      criterion: "S1.1-10",
      tester: "Sato",
      startedAt: "2026-11-27T01:00:00.000Z",
      answers: ["body-label", "label-durable", "ui-model", "ui-version"].map((step) => ({
        step,
        result: "pass",
        at: "2026-11-27T01:00:00.000Z",
      })),
    });
    expect(((await pass.json()) as { verdict: string }).verdict).toBe("PASS");
    const after = (await view()).readiness.criteria.find((c) => c.criterionId === "S1.1-10")?.blockers;
    expect(after?.map((b) => b.code)).not.toContain("DEVICE_TEST_FAILED");
  });

  it("refuses unknown guides and steps, repeated steps, attachments that are not files, other organisations' files and viewers", async () => {
    const base = { tester: "T", startedAt: "2026-11-26T01:00:00.000Z" };
    const at = "2026-11-26T01:00:00.000Z";
    expect((await file({ ...base, criterion: "S1.1-01", answers: [] })).status).toBe(404);
    const bad = await file({
      ...base,
      criterion: "S1.1-10",
      answers: [{ step: "nope", result: "pass", at }],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("answers.0.step");
    const twice = await file({
      ...base,
      criterion: "S1.1-10",
      answers: [
        { step: "usb", result: "pass", at },
        { step: "usb", result: "fail", at },
      ].map((a) => ({ ...a, step: "body-label" })),
    });
    expect(twice.status).toBe(400);
    const ctx = { orgId: t.orgId, actor: { id: editor.id, name: "E" }, lang: "en" as const };
    const doc = await createEvidence(t.deps, ctx, {
      type: "document",
      documentName: "Manual",
      location: "p. 3",
    });
    const notAFile = await file({
      ...base,
      criterion: "S1.1-10",
      answers: [{ step: "body-label", result: "pass", at, attachments: [{ evidenceId: doc.id }] }],
    });
    expect(notAFile.status).toBe(400);
    const otherOrg = await createOrganisation(t.db.db, "Other", new Date());
    const theirs = await createEvidence(
      t.deps,
      { ...ctx, orgId: otherOrg.id },
      { type: "device_test", recordName: "x", resultSummary: "x", testedOn: "2026-11-26", tester: "x" },
    );
    const foreign = await file({
      ...base,
      criterion: "S1.1-10",
      answers: [{ step: "body-label", result: "pass", at, attachments: [{ evidenceId: theirs.id }] }],
    });
    expect(foreign.status).toBe(404);
    const viewer = await t.user("viewer");
    expect((await file({ ...base, criterion: "S1.1-10", answers: [] }, viewer.headers)).status).toBe(403);
    expect((await view()).results.every((r) => r.evidence.length === 0)).toBe(true);
  });

  const deviceInfoRun = (model: string, version: string) => ({
    tool: "jcstar",
    version: "0.1.0",
    profile: "JC-CAM lab unit",
    host: "127.0.0.1",
    startedAt: "2026-11-26T02:00:00.000Z",
    finishedAt: "2026-11-26T02:01:00.000Z",
    results: [
      {
        probe: "device-info",
        criteria: ["S1.1-10", "S1.1-06"],
        verdict: "PASS",
        summary: { ja: `型番: ${model}`, en: `model: ${model}, version: ${version}` },
        findings: { model, version, status: "unknown" },
        units: [{ id: "model-readable", verdict: "PASS", detail: { ja: model, en: model } }],
        log: [],
      },
    ],
  });
  const fileRun = async (run: unknown) => {
    const res = await t.app.request(
      `/api/products/${productId}/probe-runs?lang=en`,
      json("POST", run, editor.headers),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { evidenceIds: string[]; verdicts: { verdict: string }[] };
  };
  const latestRecord = async (criterion: string) =>
    (await view()).results
      .find((r) => r.criterionId === criterion)
      ?.evidence.filter((e) => e.deviceTestResult)
      .at(-1);

  it("compares device-info with the product's model numbers and latest release when a run is filed", async () => {
    // No release recorded: unknown.
    expect((await fileRun(deviceInfoRun("JC-CAM-100", "1.2.3"))).verdicts[0]?.verdict).toBe("PASS");
    expect((await latestRecord("S1.1-06"))?.deviceTest?.resultSummary).toContain(
      "unknown: the product has no firmware release recorded",
    );
    const ctx = { orgId: t.orgId, actor: { id: editor.id, name: "E" }, lang: "en" as const };
    await createFirmwareRelease(t.deps, ctx, productId, { version: "1.2.3", releasedOn: "2026-01-10" });
    await createFirmwareRelease(t.deps, ctx, productId, { version: "1.2.4", releasedOn: "2026-06-01" });
    const older = await fileRun(deviceInfoRun("JC-CAM-100W", "1.2.3"));
    expect(older.verdicts[0]?.verdict).toBe("INCONCLUSIVE");
    const record = await latestRecord("S1.1-06");
    expect(record?.deviceTest?.resultSummary).toContain(
      "update available: 1.2.3 → the product's latest release 1.2.4",
    );
    expect(record?.deviceTest?.resultSummary).toContain("JC-CAM-100W is one of the product's model numbers");
    const reports = (await view()).results
      .find((r) => r.criterionId === "S1.1-06")
      ?.evidence.filter((e) => e.kind === "log");
    const texts = await Promise.all((reports ?? []).map((r) => text(r.id)));
    expect(texts.some((x) => x.includes("更新あり: 1.2.3 → 製品の最新リリース 1.2.4"))).toBe(true);
    const latest = await fileRun(deviceInfoRun("JC-CAM-100", "1.2.4"));
    expect(latest.verdicts[0]?.verdict).toBe("PASS");
    expect((await latestRecord("S1.1-06"))?.deviceTest?.resultSummary).toContain("latest: 1.2.4");
    // A model that is not one of the product's model numbers is flagged and blocks S1.1-10.
    const wrong = await fileRun(deviceInfoRun("JC-CAM-999", "1.2.4"));
    expect(wrong.verdicts[0]?.verdict).toBe("FAIL");
    expect((await latestRecord("S1.1-10"))?.deviceTest?.resultSummary).toContain(
      "flagged: the device's model JC-CAM-999 is not one of the product's model numbers (JC-CAM-100, JC-CAM-100W)",
    );
    const blockers = (await view()).readiness.criteria.find((c) => c.criterionId === "S1.1-10")?.blockers;
    expect(blockers?.map((b) => b.code)).toContain("DEVICE_TEST_FAILED");
  });
});
