import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssessment, getAssessment } from "../assessment/assessment.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { listEvidence } from "../evidence/evidence.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { havePoppler, readPdf } from "../pdf/pdf-tools.test-helper.ts";
import { createProduct } from "../product/product.ts";
import { readBlob } from "../vault/blob-store.ts";
import type { VaultDeps } from "../vault/upload.ts";
import { FULL_INPUTS } from "./full-inputs.test-helper.ts";
import { DOCUMENT_KINDS } from "./inputs.schema.ts";
import { getDocumentInputs, updateDocumentInputs } from "./inputs-store.ts";
import { previewDocument, publishDocument } from "./publish.ts";
import { validateSecurityTxt } from "./security-txt.ts";
import { documentVersionFile, listDocumentVersions } from "./versions.ts";

async function blobText(deps: VaultDeps, sha: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of readBlob(deps.blobs, sha)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe.each(testDialects())("documents on %s", (dialect) => {
  let t: TestDb;
  let deps: VaultDeps;
  let ctx: RequestContext;
  const data = tempDir("jcstar-docs-");

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const now = () => new Date("2026-11-26T09:00:00Z");
    deps = { db: t.db, catalog: loadCatalog(), now, blobs: { root: data.path }, maxUploadBytes: 10_000_000 };
    const org = await createOrganisation(t.db, "株式会社テスト電機", now());
    ctx = { orgId: org.id, actor: { id: null, name: "test" }, lang: "ja" };
  });
  afterAll(async () => {
    await t?.dispose();
    data.cleanup();
  });

  it("stores inputs with an optimistic version", async () => {
    const p = await createProduct(deps, ctx, { name: "カメラ", category: "camera" });
    expect((await getDocumentInputs(deps, ctx, p.id)).version).toBe(0);
    const saved = await updateDocumentInputs(deps, ctx, p.id, { version: 0, data: FULL_INPUTS });
    expect(saved.version).toBe(1);
    expect(saved.data.contact.email).toBe("psirt@example.jp");
    await expect(updateDocumentInputs(deps, ctx, p.id, { version: 0, data: {} })).rejects.toMatchObject({
      code: "VERSION_CONFLICT",
    });
    await expect(
      updateDocumentInputs(deps, ctx, p.id, { version: 1, data: { contact: { email: "not-an-email" } } }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect((await updateDocumentInputs(deps, ctx, p.id, { version: 1, data: {} })).version).toBe(2);
  });

  it("previews without storing and refuses to publish while inputs are missing", async () => {
    const p = await createProduct(deps, ctx, { name: "ルーター", category: "router" });
    const preview = await previewDocument(deps, ctx, p.id, "vulnerability-disclosure-policy", "ja");
    expect(preview.missing.map((m) => m.key)).toContain("contactPoint");
    expect(preview.markdown).toContain("（未入力）");
    expect(preview.version).toBe(1);
    const error = await publishDocument(deps, ctx, p.id, "user-security-information").catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("DOCUMENT_INPUTS_INCOMPLETE");
    expect(error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(["product.supportEndDate", "userInfo.resetSteps"]),
    );
    expect(await listDocumentVersions(deps, ctx, p.id)).toEqual([]);
  });

  it("publishes versions as evidence linked to S1.1-05/07/09/16, revising the previous version", async () => {
    const p = await createProduct(deps, ctx, {
      name: "スマートカメラ",
      category: "camera",
      modelNumbers: ["CAM-100-A"],
      supportEndDate: "2031-03-31",
    });
    const assessment = await createAssessment(deps, ctx, p.id, "star1-2025.05.05");
    await updateDocumentInputs(deps, ctx, p.id, { version: 0, data: FULL_INPUTS });
    const expected = {
      "vulnerability-disclosure-policy": "S1.1-05",
      "update-procedure": "S1.1-07",
      "security-update-policy": "S1.1-09",
      "user-security-information": "S1.1-16",
    } as const;
    for (const kind of DOCUMENT_KINDS) {
      const v = await publishDocument(deps, ctx, p.id, kind);
      expect(v.version).toBe(1);
      expect(v.number).toMatch(/^CAM100-[A-Z]{3}$/);
    }
    const view = await getAssessment(deps, ctx, assessment.id);
    for (const [kind, criterion] of Object.entries(expected)) {
      const refs = view.results.find((r) => r.criterionId === criterion)?.evidence ?? [];
      expect(refs, kind).toHaveLength(1);
      const doc = refs[0]?.document;
      expect(doc?.documentNumber).toMatch(/^CAM100-/);
      expect(doc?.documentVersion).toBe("v1");
      expect(doc?.location).toMatch(/^第\d+章 .+（#[a-z-]+）/);
      expect(refs[0]?.file?.mediaType).toBe("application/pdf");
    }
    const vdp = view.results.find((r) => r.criterionId === "S1.1-05")?.evidence[0];
    expect(vdp?.document?.url).toBe("https://example.jp/security/policy");
    expect(vdp?.document?.location).toContain("#contact");

    // A second version revises the evidence: the link moves, the old revision stays in history.
    const v2 = await publishDocument(deps, ctx, p.id, "vulnerability-disclosure-policy");
    expect(v2.version).toBe(2);
    const after = await getAssessment(deps, ctx, assessment.id);
    const refs = after.results.find((r) => r.criterionId === "S1.1-05")?.evidence ?? [];
    expect(refs.map((e) => e.document?.documentVersion)).toEqual(["v2"]);
    expect(refs[0]?.supersedesId).toBe(vdp?.id);
    expect(refs[0]?.revision).toBe(2);
    const live = await listEvidence(deps, ctx);
    expect(live.filter((e) => e.document?.documentNumber === "CAM100-VDP")).toHaveLength(2); // ja + en heads

    const versions = await listDocumentVersions(deps, ctx, p.id);
    expect(versions).toHaveLength(5);
    // Files: Markdown with anchors, HTML, security.txt that validates.
    const md = (
      await blobText(deps, (await documentVersionFile(deps, ctx, v2.id, "ja", "md")).sha256)
    ).toString();
    expect(md).toContain("# 脆弱性開示ポリシー");
    expect(md).toContain('<a id="contact"></a>');
    expect(md).toContain("3 営業日以内");
    const html = (
      await blobText(deps, (await documentVersionFile(deps, ctx, v2.id, "en", "html")).sha256)
    ).toString();
    expect(html).toContain('<h2 id="coordinated-disclosure">');
    expect(html).toContain('<a href="mailto:psirt@example.jp">');
    const txtFile = await documentVersionFile(deps, ctx, v2.id, "ja", "security.txt");
    const txt = (await blobText(deps, txtFile.sha256)).toString();
    expect(txt).toContain("Contact: mailto:psirt@example.jp");
    expect(txt).toContain("Canonical: https://example.jp/.well-known/security.txt");
    expect(validateSecurityTxt(txt, deps.now())).toEqual([]);
    if (havePoppler()) {
      const pdf = readPdf(
        await blobText(deps, (await documentVersionFile(deps, ctx, v2.id, "ja", "pdf")).sha256),
      );
      expect(pdf.text).toContain("脆弱性開示ポリシー");
      expect(pdf.text).toContain("CAM100-VDP");
      expect(pdf.fonts).toMatch(/NotoSansCJK/);
    }
  });
});
