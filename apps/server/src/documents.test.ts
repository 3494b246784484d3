import { haveLibreOffice } from "@jcstar/core/checklist/libreoffice.test-helper";
import { makeLibreOfficeTemplate } from "@jcstar/core/checklist/lo-template.test-helper";
import { testDialects } from "@jcstar/core/db/test-databases";
import { FULL_INPUTS } from "@jcstar/core/documents/full-inputs.test-helper";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

describe.each(testDialects())("documents and checklist over HTTP on %s", (dialect) => {
  let t: TestApp;
  let editor: TestUser;
  let viewer: TestUser;
  let productId: string;
  let assessmentId: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    editor = await t.user("editor");
    viewer = await t.user("viewer");
    const res = await t.app.request(
      "/api/products",
      json(
        "POST",
        { name: "見守りカメラ", category: "camera", modelNumbers: ["MC-1"], supportEndDate: "2031-03-31" },
        editor.headers,
      ),
    );
    productId = ((await res.json()) as { id: string }).id;
    const a = await t.app.request(`/api/products/${productId}/assessments`, json("POST", {}, editor.headers));
    assessmentId = ((await a.json()) as { id: string }).id;
  });
  afterAll(async () => t?.close());

  it("edits inputs, previews, publishes, lists and downloads versions; evidence lands on the criteria", async () => {
    const base = `/api/products/${productId}/documents`;
    const empty = await (await t.app.request(`${base}/inputs`, { headers: viewer.headers })).json();
    expect(empty).toMatchObject({ version: 0 });
    const denied = await t.app.request(
      `${base}/inputs`,
      json("PUT", { version: 0, data: {} }, viewer.headers),
    );
    expect(denied.status).toBe(403);
    const saved = await t.app.request(
      `${base}/inputs`,
      json("PUT", { version: 0, data: FULL_INPUTS }, editor.headers),
    );
    expect(saved.status).toBe(200);
    const stale = await t.app.request(
      `${base}/inputs`,
      json("PUT", { version: 0, data: {} }, editor.headers),
    );
    expect(stale.status).toBe(409);

    const preview = await t.app.request(`${base}/update-procedure/preview?lang=en`, {
      headers: viewer.headers,
    });
    const p = (await preview.json()) as { markdown: string; missing: unknown[]; version: number };
    expect(p.markdown).toContain("# Software update procedure");
    expect(p.markdown).toContain("CamLink");
    expect(p.missing).toEqual([]);
    expect((await (await t.app.request(`${base}/versions`, { headers: viewer.headers })).json()).length).toBe(
      0,
    );

    for (const kind of [
      "vulnerability-disclosure-policy",
      "update-procedure",
      "security-update-policy",
      "user-security-information",
    ]) {
      const res = await t.app.request(`${base}/${kind}/versions`, {
        method: "POST",
        headers: editor.headers,
      });
      expect(res.status, kind).toBe(201);
    }
    const versions = (await (
      await t.app.request(`${base}/versions`, { headers: viewer.headers })
    ).json()) as Array<{
      id: string;
      kind: string;
    }>;
    expect(versions).toHaveLength(4);
    const vdp = versions.find((v) => v.kind === "vulnerability-disclosure-policy");
    const txt = await t.app.request(`/api/document-versions/${vdp?.id}/file?format=security.txt`, {
      headers: viewer.headers,
    });
    expect(txt.headers.get("content-type")).toContain("text/plain");
    expect(await txt.text()).toContain("Contact: mailto:psirt@example.jp");
    const pdf = await t.app.request(`/api/document-versions/${vdp?.id}/file?format=pdf&lang=ja`, {
      headers: viewer.headers,
    });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    const assessment = (await (
      await t.app.request(`/api/assessments/${assessmentId}`, { headers: viewer.headers })
    ).json()) as {
      results: Array<{
        criterionId: string;
        evidence: Array<{ document: { documentNumber: string } | null }>;
      }>;
    };
    for (const [criterion, code] of [
      ["S1.1-05", "VDP"],
      ["S1.1-07", "UPD"],
      ["S1.1-09", "SUP"],
      ["S1.1-16", "USI"],
    ]) {
      const refs = assessment.results.find((r) => r.criterionId === criterion)?.evidence ?? [];
      expect(refs.map((e) => e.document?.documentNumber)).toEqual([`CAM100-${code}`]);
    }
  }, 120_000);

  it("writes the checklist workbook and fills an uploaded template", async () => {
    const res = await t.app.request(`/api/products/${productId}/checklist`, { headers: viewer.headers });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0];
    const ids: string[] = [];
    ws?.eachRow((row) => {
      const v = String((row.values as unknown[])[1] ?? "");
      if (/^S1\.1-\d{2}$/.test(v)) ids.push(v);
    });
    expect(ids).toHaveLength(16);
    const mapping = await (
      await t.app.request("/api/checklist/template-mapping", { headers: viewer.headers })
    ).json();
    expect(mapping).toMatchObject({ id: "適合基準ID" });

    if (dialect !== "sqlite" || !haveLibreOffice()) return;
    const ids16 = Array.from({ length: 16 }, (_, i) => `S1.1-${String(i + 1).padStart(2, "0")}`);
    const template = makeLibreOfficeTemplate(ids16);
    const filled = await t.app.request(`/api/products/${productId}/checklist/template`, {
      method: "POST",
      headers: { ...editor.headers, "content-type": "application/octet-stream" },
      body: new Uint8Array(template),
    });
    expect(filled.status).toBe(200);
    const out = new ExcelJS.Workbook();
    await out.xlsx.load(await filled.arrayBuffer());
    expect(out.getWorksheet("チェックリスト")?.getCell("F7").text).toContain("CAM100-VDP");

    const broken = makeLibreOfficeTemplate([...ids16.slice(1), "S1.1-02"]);
    const refused = await t.app.request(`/api/products/${productId}/checklist/template?lang=en`, {
      method: "POST",
      headers: { ...editor.headers, "content-type": "application/octet-stream" },
      body: new Uint8Array(broken),
    });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: { code: string; details: Array<{ path: string }> } };
    expect(body.error.code).toBe("CHECKLIST_IDS_MISMATCH");
    expect(body.error.details.map((d) => d.path)).toEqual(["missing.S1.1-01", "duplicated.S1.1-02"]);
  }, 240_000);
});
