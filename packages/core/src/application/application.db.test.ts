import { Readable } from "node:stream";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../accounts/users.ts";
import { setCriterionResult } from "../assessment/set-result.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { getEvidence } from "../evidence/evidence.ts";
import { writeRegistrySettings } from "../labels/registry-settings.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import type { InstanceKey } from "../secrets/instance-key.ts";
import { loadInstanceKey } from "../secrets/instance-key.ts";
import { uploadEvidence, type VaultDeps } from "../vault/upload.ts";
import { createApplication, getApplication, listApplications, updateApplication } from "./application.ts";
import { expireLabels } from "./expire.ts";
import {
  type OperatorCtx,
  operatorApplication,
  operatorAttachment,
  operatorQueue,
  operatorTransition,
} from "./operator.ts";
import { makeReadyProduct } from "./ready-product.testing.ts";
import { addYears } from "./schedule.ts";
import { transitionApplication } from "./transition.ts";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "NO_ERROR";
}

describe.each(testDialects())("application lifecycle on %s", (dialect) => {
  let t: TestDb;
  let deps: VaultDeps & { instanceKey: InstanceKey };
  let ctx: RequestContext;
  let other: RequestContext;
  let clock = new Date("2026-11-02T09:00:00Z");
  const dir = tempDir("jcstar-apl-");
  const op: OperatorCtx = { actor: { id: "usr_operator", name: "Operator" }, lang: "en" };

  beforeAll(async () => {
    t = await openTestDb(dialect);
    deps = {
      db: t.db,
      catalog: loadCatalog(),
      now: () => clock,
      blobs: { root: dir.path },
      maxUploadBytes: 1024 * 1024,
      instanceKey: loadInstanceKey(dir.path, {}),
      publicUrl: "https://jcstar.example.jp",
    };
    const org = await createOrganisation(t.db, "Maker KK", clock);
    const org2 = await createOrganisation(t.db, "Other KK", clock);
    // A short retention period, so that the label's validity must extend it.
    await t.db.updateTable("organisations").set({ retention_years: 1 }).where("id", "=", org.id).execute();
    ctx = { orgId: org.id, actor: { id: null, name: "Maker A" }, lang: "en" };
    other = { orgId: org2.id, actor: { id: null, name: "B" }, lang: "en" };
  });
  afterAll(async () => {
    await t?.dispose();
    dir.cleanup();
  });

  async function file(name: string, text: string) {
    return uploadEvidence(
      deps,
      ctx,
      { kind: "document", fileName: name },
      Readable.from([Buffer.from(text)]),
    );
  }

  const readyProduct = (route: "standard" | "psti" = "standard") => makeReadyProduct(deps, ctx, { route });

  async function step(id: string, action: string, more: Record<string, unknown> = {}) {
    const current = await getApplication(deps, ctx, id);
    return transitionApplication(deps, ctx, id, { action, version: current.version, ...more });
  }

  it("takes an IPA application from draft to label, dated, audited, with fee and retention", async () => {
    const { product, doc } = await readyProduct();
    const created = await createApplication(deps, ctx, { productId: product.id, modelNumbers: ["M-2"] });
    expect(created).toMatchObject({
      state: "draft",
      route: "standard",
      channel: "ipa",
      modelNumbers: ["M-2"],
    });
    expect(created.nextActions).toEqual(["mark_ready"]);
    const ready = await step(created.id, "mark_ready");
    expect(ready.state).toBe("ready");
    expect(ready.snapshot?.signOff).toMatchObject({ kind: "signed-snapshot" });
    expect(ready.snapshot?.modelNumbers).toEqual(["M-2"]);
    expect(ready.snapshot?.results).toHaveLength(16);
    expect(await codeOf(step(created.id, "submit"))).toBe("STEP_INCOMPLETE");
    await step(created.id, "request_number", { occurredOn: "2026-11-02" });
    expect(await codeOf(step(created.id, "record_number"))).toBe("STEP_INCOMPLETE");
    const mail = await file(
      "ipa-number.eml",
      "From: jcstar@ipa.go.jp\nSubject: 申請番号\n\n申請番号 A-2026-0042\n",
    );
    clock = new Date("2026-11-04T09:00:00Z");
    expect(
      await codeOf(step(created.id, "record_number", { applicationNumber: "A-1", occurredOn: "2026-11-01" })),
    ).toBe("VALIDATION_FAILED");
    expect(
      await codeOf(step(created.id, "record_number", { applicationNumber: "A-1", occurredOn: "2026-11-05" })),
    ).toBe("VALIDATION_FAILED");
    await step(created.id, "record_number", { applicationNumber: "A-2026-0042", attachments: [mail.id] });
    const submitted = await step(created.id, "submit", { occurredOn: "2026-11-04" });
    expect(submitted).toMatchObject({
      state: "submitted",
      submittedOn: "2026-11-04",
      expectedAcceptanceOn: "2026-11-18",
    });
    expect(submitted.fee).toMatchObject({ amount: 198000, estimated: false });
    expect(await codeOf(step(created.id, "issue_label", { registrationNumber: "R-1" }))).toBe(
      "INVALID_TRANSITION",
    );
    clock = new Date("2026-11-20T09:00:00Z");
    await step(created.id, "accept", { acceptanceNumber: "受理-2026-0042" });
    await step(created.id, "invoice_fee");
    expect(await codeOf(step(created.id, "issue_label", { registrationNumber: "R-1" }))).toBe(
      "INVALID_TRANSITION",
    );
    await step(created.id, "pay_fee");
    const label = await file("label.pdf", "%PDF-1.4 official label");
    const issued = await step(created.id, "issue_label", {
      registrationNumber: "JC1-0001234",
      labelExpiresOn: "2028-11-19",
      attachments: [label.id],
      occurredOn: "2026-11-20",
    });
    expect(issued).toMatchObject({
      state: "label_issued",
      registrationNumber: "JC1-0001234",
      labelIssuedOn: "2026-11-20",
      labelExpiresOn: "2028-11-19",
      labelEvidenceId: label.id,
    });
    expect(issued.events.map((e) => e.action)).toEqual([
      "created",
      "mark_ready",
      "request_number",
      "record_number",
      "submit",
      "accept",
      "invoice_fee",
      "pay_fee",
      "issue_label",
    ]);
    const recorded = issued.events.find((e) => e.action === "record_number");
    expect(recorded).toMatchObject({ occurredOn: "2026-11-04", actor: { name: "Maker A", kind: "maker" } });
    expect(recorded?.attachments[0]).toMatchObject({
      id: mail.id,
      fileName: "ipa-number.eml",
      mediaType: "text/plain",
    });
    // Evidence the application relies on is kept at least until the label expires.
    expect((await getEvidence(deps, ctx, doc.id)).retentionUntil).toBe("2028-11-19T23:59:59.999Z");
    expect((await getEvidence(deps, ctx, label.id)).retentionUntil).toBe("2028-11-19T23:59:59.999Z");
    const audit = await t.db
      .selectFrom("audit_entries")
      .select("action")
      .where("entity_id", "=", created.id)
      .orderBy("seq")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(issued.events.map((e) => `application.${e.action}`));
    // Change notices and reports keep the state; renewal links a new draft.
    await step(created.id, "file_change_notice", { note: "New firmware 2.0" });
    const renewed = await step(created.id, "renew");
    expect(renewed.state).toBe("renewed");
    const renewalId = renewed.events.at(-1)?.data.renewal as string;
    expect((await getApplication(deps, ctx, renewalId)).renewalOf).toBe(created.id);
    expect(await codeOf(getApplication(deps, other, created.id))).toBe("NOT_FOUND");
    expect((await listApplications(deps, other)).length).toBe(0);
  });

  it("never changes a submitted snapshot; a return goes back to draft and the next snapshot is new", async () => {
    clock = new Date("2026-11-21T09:00:00Z");
    const { product, assessment } = await readyProduct("psti");
    const app = await createApplication(deps, ctx, { productId: product.id });
    expect(app.route).toBe("psti");
    expect(app.fee?.amount).toBe(140000);
    await step(app.id, "mark_ready");
    await step(app.id, "request_number");
    await step(app.id, "record_number", { applicationNumber: "A-77" });
    const submitted = await step(app.id, "submit");
    const frozen = submitted.snapshot;
    // The assessment changes after submission: the submitted snapshot does not.
    await setCriterionResult(deps, ctx, assessment.id, "S1.1-01", { state: "non_conformant", version: 2 });
    const later = await getApplication(deps, ctx, app.id);
    expect(later.snapshot).toEqual(frozen);
    expect(later.snapshotHash).toBe(submitted.snapshotHash);
    expect(
      await codeOf(updateApplication(deps, ctx, app.id, { version: later.version, route: "standard" })),
    ).toBe("INVALID_TRANSITION");
    expect(await codeOf(step(app.id, "return"))).toBe("STEP_INCOMPLETE");
    const returned = await step(app.id, "return", { note: "Form 2-1 missing" });
    expect(returned).toMatchObject({ state: "draft", submittedOn: null, applicationNumber: "A-77" });
    expect(await codeOf(step(app.id, "mark_ready"))).toBe("APPLICATION_NOT_READY");
    await setCriterionResult(deps, ctx, assessment.id, "S1.1-01", {
      state: "conformant",
      version: 3,
      linkEvidenceIds: frozen?.results[0]?.evidence.map((e) => e.id) ?? [],
    });
    clock = new Date("2026-11-22T09:00:00Z");
    const again = await step(app.id, "mark_ready");
    expect(again.snapshotHash).not.toBe(submitted.snapshotHash);
    const resubmitted = await step(app.id, "submit");
    expect(resubmitted.state).toBe("submitted");
    const submits = resubmitted.events.filter((e) => e.action === "submit").map((e) => e.data.snapshotHash);
    expect(submits).toEqual([submitted.snapshotHash, again.snapshotHash]);
  });

  it("refuses a stale version and writes nothing", async () => {
    const { product } = await readyProduct();
    const app = await createApplication(deps, ctx, { productId: product.id });
    await transitionApplication(deps, ctx, app.id, { action: "mark_ready", version: app.version });
    expect(
      await codeOf(transitionApplication(deps, ctx, app.id, { action: "reopen", version: app.version })),
    ).toBe("VERSION_CONFLICT");
    const after = await getApplication(deps, ctx, app.id);
    expect(after.state).toBe("ready");
    expect(after.events).toHaveLength(2);
    // Two people record the same step at once: exactly one wins, the other is told.
    const results = await Promise.allSettled(
      [1, 2].map(() =>
        transitionApplication(deps, ctx, app.id, { action: "request_number", version: after.version }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(["VERSION_CONFLICT", "INVALID_TRANSITION"]).toContain((lost.reason as AppError).code);
    expect((await getApplication(deps, ctx, app.id)).events.map((e) => e.action)).toEqual([
      "created",
      "mark_ready",
      "request_number",
    ]);
  });

  it("submits to this instance's registry: operators act, makers cannot, nobody sees drafts", async () => {
    const { product } = await readyProduct();
    expect(await codeOf(createApplication(deps, ctx, { productId: product.id, channel: "registry" }))).toBe(
      "REGISTRY_DISABLED",
    );
    await writeRegistrySettings(
      t.db,
      {
        enabled: true,
        applicationNumberFormat: "TRN-{yyyy}-{seq:3}",
        registrationNumberFormat: "SBX{seq:4}",
      },
      clock,
    );
    const app = await createApplication(deps, ctx, { productId: product.id, channel: "registry" });
    expect(await operatorQueue(deps, op)).toEqual([]);
    expect(await codeOf(operatorApplication(deps, op, app.id))).toBe("NOT_FOUND");
    await step(app.id, "mark_ready");
    const numbered = await step(app.id, "request_number");
    expect(numbered.state).toBe("number_received");
    expect(numbered.applicationNumber).toMatch(/^TRN-2026-\d{3}$/);
    expect(numbered.events.at(-1)?.actor.kind).toBe("system");
    await step(app.id, "submit");
    expect(await codeOf(step(app.id, "accept"))).toBe("FORBIDDEN");
    const queue = await operatorQueue(deps, op);
    expect(queue.map((q) => q.id)).toEqual([app.id]);
    expect(queue[0]?.orgName).toBe("Maker KK");
    const seen = await operatorApplication(deps, op, app.id);
    expect(seen.nextActions).toEqual(["accept", "return", "request_evidence"]);
    expect(seen.snapshot?.results).toHaveLength(16);
    const v = () => operatorApplication(deps, op, app.id).then((a) => a.version);
    await operatorTransition(deps, op, app.id, { action: "accept", version: await v() });
    await operatorTransition(deps, op, app.id, { action: "invoice_fee", version: await v() });
    expect(
      await codeOf(operatorTransition(deps, op, app.id, { action: "pay_fee", version: await v() })),
    ).toBe("FORBIDDEN");
    await step(app.id, "pay_fee");
    const issuedOn = clock.toISOString().slice(0, 10);
    const issued = await operatorTransition(deps, op, app.id, {
      action: "issue_label",
      version: await v(),
      labelExpiresOn: addYears(issuedOn, 2),
    });
    expect(issued.labelExpiresOn).toBe(addYears(issuedOn, 2));
    expect(issued.registrationNumber).toBe("SBX0001");
    // The registry issued the label itself, in the same step: signed, valid, tied to the application.
    const label = await t.db
      .selectFrom("labels")
      .selectAll()
      .where("registration_number", "=", "SBX0001")
      .executeTakeFirstOrThrow();
    expect(label).toMatchObject({ application_id: app.id, product_id: product.id, status: "valid" });
    expect(label.valid_until).toBe(issued.labelExpiresOn);
    expect(label.payload.split(".")).toHaveLength(3);
    expect(issued.events.at(-1)?.actor).toMatchObject({ id: "usr_operator", kind: "operator" });
    expect(
      await codeOf(operatorTransition(deps, op, app.id, { action: "revoke", version: issued.version })),
    ).toBe("STEP_INCOMPLETE");
    const revoked = await operatorTransition(deps, op, app.id, {
      action: "revoke",
      version: issued.version,
      note: "Vulnerability not fixed",
    });
    expect(revoked.state).toBe("revoked");
    expect(
      await t.db
        .selectFrom("labels")
        .select(["status", "revocation_reason"])
        .where("registration_number", "=", "SBX0001")
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: "revoked", revocation_reason: "Vulnerability not fixed" });
    expect(await operatorQueue(deps, op, { state: "revoked" })).toHaveLength(1);
    // An IPA application is never visible to operators.
    const ipa = await createApplication(deps, ctx, { productId: product.id });
    expect(await codeOf(operatorApplication(deps, op, ipa.id))).toBe("NOT_FOUND");
  });

  it("keeps an operator who is a member of the applying organisation out of every step on it", async () => {
    const insider = await createUser(
      t.db,
      {
        email: "insider@maker.example.jp",
        name: "Insider",
        password: "Quiet lantern 7f3a9c orbit",
        instanceRole: "operator",
        orgId: ctx.orgId,
        role: "editor",
      },
      clock,
    );
    const own: OperatorCtx = { actor: { id: insider.id, name: insider.name }, lang: "en" };
    const { product } = await readyProduct();
    const doc = await file("letter.txt", "cover letter");
    const app = await createApplication(deps, ctx, { productId: product.id, channel: "registry" });
    await step(app.id, "mark_ready");
    await step(app.id, "request_number");
    await step(app.id, "submit", { attachments: [doc.id] });
    // Not in the insider's queue (another operator reviews it), and every operator action on it is refused.
    expect((await operatorQueue(deps, own)).map((q) => q.id)).not.toContain(app.id);
    expect((await operatorQueue(deps, op)).map((q) => q.id)).toContain(app.id);
    expect(await codeOf(operatorApplication(deps, own, app.id))).toBe("OPERATOR_CONFLICT_OF_INTEREST");
    expect(await codeOf(operatorAttachment(deps, own, app.id, doc.id))).toBe("OPERATOR_CONFLICT_OF_INTEREST");
    const version = (await operatorApplication(deps, op, app.id)).version;
    for (const action of ["accept", "return", "request_evidence"])
      expect(await codeOf(operatorTransition(deps, own, app.id, { action, version, note: "x" }))).toBe(
        "OPERATOR_CONFLICT_OF_INTEREST",
      );
    expect((await operatorApplication(deps, op, app.id)).version).toBe(version);
  });

  it("expires labels after their last valid day, once, as a dated system step", async () => {
    clock = new Date("2026-11-25T09:00:00Z");
    const { product } = await readyProduct();
    const app = await createApplication(deps, ctx, { productId: product.id });
    for (const [action, more] of [
      ["mark_ready", {}],
      ["request_number", {}],
      ["record_number", { applicationNumber: "A-9" }],
      ["submit", {}],
      ["accept", { acceptanceNumber: "受理-9" }],
      ["invoice_fee", {}],
      ["pay_fee", {}],
      ["issue_label", { registrationNumber: "JC1-9", labelExpiresOn: "2028-11-24" }],
    ] as const)
      await step(app.id, action, more);
    clock = new Date("2028-11-24T09:00:00Z");
    expect((await expireLabels(deps)).expired).toBe(0);
    clock = new Date("2028-11-25T09:00:00Z");
    expect((await expireLabels(deps)).expired).toBeGreaterThanOrEqual(1);
    const expired = await getApplication(deps, ctx, app.id);
    expect(expired.state).toBe("expired");
    expect(expired.events.at(-1)).toMatchObject({
      action: "expire",
      occurredOn: "2028-11-25",
      actor: { kind: "system" },
    });
    expect((await expireLabels(deps)).expired).toBe(0);
    expect(expired.nextActions).toEqual(["renew"]);
  });
});
