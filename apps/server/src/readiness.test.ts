import {
  createApplication,
  createFirmwareRelease,
  getApplicationForm,
  importScannerReport,
  type RequestContext,
  saveApplicationForm,
} from "@jcstar/core";
import { makeReadyProduct } from "@jcstar/core/application/ready-product.testing";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

type Blocker = { criterionId: string; code: string };
type ErrorBody = { error: { code: string; details: { path: string }[] } };

/** A Trivy report with one unresolved critical finding. */
const CRITICAL_TRIVY = JSON.stringify({
  SchemaVersion: 2,
  ArtifactName: "firmware.img",
  Results: [
    {
      Target: "rootfs",
      Vulnerabilities: [
        {
          VulnerabilityID: "CVE-2024-0001",
          PkgName: "openssl",
          InstalledVersion: "3.0.1",
          FixedVersion: "3.0.13",
          Severity: "CRITICAL",
          Title: "Remote code execution",
        },
      ],
    },
  ],
});

/**
 * Readiness is one function with one loader: the assessment view, the readiness API, the package page, sign-off,
 * package build and an application's mark_ready all see (and refuse with) the same blockers.
 */
describe.each(testDialects())("one readiness everywhere on %s", (dialect) => {
  let t: TestApp;
  let owner: TestUser;
  let ctx: RequestContext;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    owner = await t.user("owner");
    ctx = { orgId: t.orgId, actor: { id: owner.id, name: "Owner" }, lang: "en" };
  });
  afterAll(async () => t?.close());

  /** A ready, signed-off product with a draft application (everything green until the test breaks it). */
  async function readySignedProduct() {
    const { product, assessment } = await makeReadyProduct(t.deps, ctx);
    const application = await createApplication(t.deps, ctx, {
      productId: product.id,
      modelNumbers: ["M-1"],
    });
    return { productId: product.id, assessmentId: assessment.id, applicationId: application.id };
  }

  /** A release of the product whose Trivy report has one unresolved critical finding. */
  async function addCriticalFinding(productId: string) {
    const release = await createFirmwareRelease(t.deps, ctx, productId, {
      version: "1.0.0",
      releasedOn: "2026-11-01",
    });
    await importScannerReport(t.deps, ctx, release.id, Buffer.from(CRITICAL_TRIVY), "trivy.json");
  }

  const paths = (blockers: Blocker[]) => blockers.map((b) => `${b.criterionId}.${b.code}`);
  const get = async (path: string) => {
    const res = await t.app.request(path, { headers: owner.headers });
    expect(res.status, path).toBe(200);
    return res.json();
  };
  const refused = async (path: string, body: unknown, code: string) => {
    const res = await t.app.request(path, json("POST", body, owner.headers));
    const out = (await res.json()) as ErrorBody;
    expect([res.status, out.error?.code], path).toEqual([422, code]);
    return out.error.details.map((d) => d.path);
  };

  /** The blockers each place shows or refuses with. */
  async function blockersEverywhere(ids: { productId: string; assessmentId: string; applicationId: string }) {
    const view = await get(`/api/assessments/${ids.assessmentId}`);
    const api = await get(`/api/assessments/${ids.assessmentId}/readiness`);
    const page = await get(`/api/products/${ids.productId}/package`);
    const application = await get(`/api/applications/${ids.applicationId}`);
    return {
      view: paths(view.readiness.blockers),
      api: paths(api.blockers),
      packagePage: paths(page.readiness.blockers),
      canBuild: page.canBuild,
      signOff: await refused(
        `/api/products/${ids.productId}/signoffs`,
        { signerName: "山田 太郎", signerTitle: "代表取締役" },
        "NOT_READY",
      ),
      packageBuild: await refused(`/api/products/${ids.productId}/packages`, {}, "NOT_READY"),
      markReady: await refused(
        `/api/applications/${ids.applicationId}/transitions`,
        { action: "mark_ready", version: application.version },
        "APPLICATION_NOT_READY",
      ),
    };
  }

  const same = (expected: string[]) => ({
    view: expected,
    api: expected,
    packagePage: expected,
    canBuild: false,
    signOff: expected,
    packageBuild: expected,
    markReady: expected,
  });

  it("an unresolved critical vulnerability in the newest release blocks S1.1-13 everywhere", async () => {
    const ids = await readySignedProduct();
    expect((await get(`/api/assessments/${ids.assessmentId}/readiness`)).ready).toBe(true);
    await addCriticalFinding(ids.productId);
    expect(await blockersEverywhere(ids)).toEqual(same(["S1.1-13.UNRESOLVED_VULNERABILITY"]));
  });

  it("a finding that appears after mark_ready stops the submission with the same blocker", async () => {
    const ids = await readySignedProduct();
    const step = async (body: Record<string, unknown>) => {
      const current = await get(`/api/applications/${ids.applicationId}`);
      return t.app.request(
        `/api/applications/${ids.applicationId}/transitions`,
        json("POST", { version: current.version, ...body }, owner.headers),
      );
    };
    for (const body of [
      { action: "mark_ready" },
      { action: "request_number" },
      { action: "record_number", applicationNumber: "A-2026-0001" },
    ])
      expect((await step(body)).status, body.action).toBe(200);
    await addCriticalFinding(ids.productId);
    const refused = await step({ action: "submit" });
    const out = (await refused.json()) as ErrorBody;
    expect([refused.status, out.error?.code]).toEqual([422, "APPLICATION_NOT_READY"]);
    expect(out.error.details.map((d) => d.path)).toEqual(["S1.1-13.UNRESOLVED_VULNERABILITY"]);
    expect((await get(`/api/applications/${ids.applicationId}`)).state).toBe("number_received");
  });

  it("a missing application form field blocks everywhere", async () => {
    const ids = await readySignedProduct();
    const form = await getApplicationForm(t.deps, ctx, ids.productId);
    const values = Object.fromEntries(form.fields.filter((f) => !f.derived).map((f) => [f.id, f.value]));
    await saveApplicationForm(t.deps, ctx, ids.productId, {
      version: form.version,
      proxy: false,
      values: { ...values, contactPhone: "" },
      publish: {},
      confirmations: Object.fromEntries(form.confirmations.map((c) => [c.id, true])),
    });
    expect(await blockersEverywhere(ids)).toEqual(same(["application.APPLICATION_FIELD_MISSING"]));
  });
});
