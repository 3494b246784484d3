import { tempDir } from "@jcstar/testkit";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import * as ipaLifecycle from "../db/migrations/2026-12-03T2120-ipa-lifecycle.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { writeRegistrySettings } from "../labels/registry-settings.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { remindersOf } from "../reminders/reminders.ts";
import { type InstanceKey, loadInstanceKey } from "../secrets/instance-key.ts";
import { createApplication, getApplication } from "./application.ts";
import { expireLabels } from "./expire.ts";
import { type OperatorCtx, operatorApplication, operatorTransition } from "./operator.ts";
import { makeReadyProduct } from "./ready-product.testing.ts";
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

describe.each(testDialects())("IPA's lifecycle (acceptance, expiry, grace, extension) on %s", (dialect) => {
  let t: TestDb;
  let deps: CoreDeps & { instanceKey: InstanceKey };
  let ctx: RequestContext;
  let clock = new Date("2026-11-02T09:00:00Z");
  const dir = tempDir("jcstar-life-");
  const op: OperatorCtx = { actor: { id: "usr_operator", name: "Operator" }, lang: "en" };

  beforeAll(async () => {
    t = await openTestDb(dialect);
    deps = {
      db: t.db,
      catalog: loadCatalog(),
      now: () => clock,
      instanceKey: loadInstanceKey(dir.path, {}),
      publicUrl: "https://jcstar.example.jp",
    };
    const org = await createOrganisation(t.db, "Maker KK", clock);
    ctx = { orgId: org.id, actor: { id: null, name: "Maker A" }, lang: "en" };
  });
  afterAll(async () => {
    await t?.dispose();
    dir.cleanup();
  });

  async function step(id: string, action: string, more: Record<string, unknown> = {}) {
    const current = await getApplication(deps, ctx, id);
    return transitionApplication(deps, ctx, id, { action, version: current.version, ...more });
  }

  /** An IPA-channel application taken to fee_paid on 2026-11-02 … 2026-11-20. */
  async function paidIpaApplication() {
    clock = new Date("2026-11-02T09:00:00Z");
    const { product } = await makeReadyProduct(deps, ctx);
    const app = await createApplication(deps, ctx, { productId: product.id });
    await step(app.id, "mark_ready");
    await step(app.id, "request_number");
    await step(app.id, "record_number", { applicationNumber: "申請-0042" });
    await step(app.id, "submit");
    clock = new Date("2026-11-20T09:00:00Z");
    return app.id;
  }

  it("records IPA's acceptance number and provisional number as typed (NFC); refuses hostile ones, writing nothing", async () => {
    const id = await paidIpaApplication();
    expect(await codeOf(step(id, "accept"))).toBe("STEP_INCOMPLETE");
    for (const bad of ["受理\u202E0042", "受理\u00000042", "A".repeat(65)])
      expect(await codeOf(step(id, "accept", { acceptanceNumber: bad }))).toBe("VALIDATION_FAILED");
    const before = await getApplication(deps, ctx, id);
    expect(before).toMatchObject({ state: "submitted", acceptanceNumber: null });
    expect(before.events).toHaveLength(5);
    const accepted = await step(id, "accept", {
      acceptanceNumber: "JC受理 第0042号",
      provisionalNumber: "仮\u30ab\u3099-0001", // カ + combining mark: stored as ガ
    });
    expect(accepted).toMatchObject({
      state: "accepted",
      acceptanceNumber: "JC受理 第0042号",
      provisionalNumber: "仮ガ-0001",
    });
    expect(accepted.events.at(-1)?.data).toEqual({
      acceptanceNumber: "JC受理 第0042号",
      provisionalNumber: "仮ガ-0001",
    });
  });

  it("records the expiry IPA states (required, at most 2 years); reminders and status work from it", async () => {
    const id = await paidIpaApplication();
    await step(id, "accept", { acceptanceNumber: "受理-1" });
    await step(id, "invoice_fee");
    await step(id, "pay_fee");
    const number = "JC-STAR ★1 第0001号";
    expect(await codeOf(step(id, "issue_label", { registrationNumber: number }))).toBe("STEP_INCOMPLETE");
    expect(
      await codeOf(step(id, "issue_label", { registrationNumber: number, labelExpiresOn: "2028-11-21" })),
    ).toBe("VALIDATION_FAILED");
    const issued = await step(id, "issue_label", {
      registrationNumber: number,
      labelExpiresOn: "2028-06-30",
    });
    expect(issued).toMatchObject({
      state: "label_issued",
      registrationNumber: number,
      labelExpiresOn: "2028-06-30",
      labelStatus: "valid",
    });
    expect(issued.registrationKey).toMatch(/^JC-STAR_1_0001-[0-9a-f]{12}$/);
    clock = new Date("2028-05-01T09:00:00Z");
    const reminders = await remindersOf(deps, [ctx.orgId]);
    expect(reminders.find((r) => r.applicationId === id && r.kind === "label_expiry")?.dueOn).toBe(
      "2028-06-30",
    );
    // Grace is 0 days (unverified data): the day after the recorded expiry the label is 失効 and the scan expires it.
    clock = new Date("2028-06-30T09:00:00Z");
    expect((await getApplication(deps, ctx, id)).labelStatus).toBe("valid");
    await expireLabels(deps);
    expect((await getApplication(deps, ctx, id)).state).toBe("label_issued");
    clock = new Date("2028-07-01T09:00:00Z");
    expect((await getApplication(deps, ctx, id)).labelStatus).toBe("expired");
    await expireLabels(deps);
    const expired = await getApplication(deps, ctx, id);
    expect(expired).toMatchObject({ state: "expired", labelStatus: "expired" });
    expect(await codeOf(step(id, "request_extension"))).toBe("EXTENSION_NOT_ALLOWED");
    expect((await getApplication(deps, ctx, id)).version).toBe(expired.version);
  });

  it("extends a ★1 label in 2-year units as its own flow; change notices and reports keep their own list", async () => {
    const id = await paidIpaApplication();
    await step(id, "accept", { acceptanceNumber: "受理-2" });
    await step(id, "invoice_fee");
    await step(id, "pay_fee");
    await step(id, "issue_label", { registrationNumber: "R-2", labelExpiresOn: "2028-11-19" });
    await step(id, "file_change_notice", { note: "Firmware 2.0" });
    clock = new Date("2028-10-01T09:00:00Z");
    const requested = await step(id, "request_extension");
    expect(requested).toMatchObject({ state: "extension_requested", labelStatus: "valid", renewalOf: null });
    expect(requested.events.at(-1)?.data).toEqual({ fee: null, feeToBeConfirmed: true });
    await step(id, "file_report", { note: "Vulnerability fixed in 2.0.1" });
    expect(await codeOf(step(id, "extend"))).toBe("STEP_INCOMPLETE");
    expect(await codeOf(step(id, "extend", { labelExpiresOn: "2030-11-20" }))).toBe("VALIDATION_FAILED");
    expect(await codeOf(step(id, "extend", { labelExpiresOn: "2028-11-19" }))).toBe("VALIDATION_FAILED");
    const extended = await step(id, "extend", { labelExpiresOn: "2030-11-19" });
    expect(extended).toMatchObject({
      state: "label_issued",
      labelExpiresOn: "2030-11-19",
      labelStatus: "valid",
    });
    expect(extended.events.at(-1)?.data).toMatchObject({ previousExpiresOn: "2028-11-19" });
    expect(extended.notices.map((n) => [n.kind, n.note])).toEqual([
      ["change_notice", "Firmware 2.0"],
      ["report", "Vulnerability fixed in 2.0.1"],
    ]);
    // No new draft was made.
    expect(extended.events.some((e) => e.action === "renew")).toBe(false);
    await step(id, "revoke", { note: "IPA revoked it" });
    expect((await getApplication(deps, ctx, id)).labelStatus).toBe("revoked");
    expect(await codeOf(step(id, "request_extension"))).toBe("EXTENSION_NOT_ALLOWED");
  });

  it("on this registry the operator enters the expiry (capped at 2 years) and an extension re-signs the label", async () => {
    clock = new Date("2026-11-02T09:00:00Z");
    await writeRegistrySettings(t.db, { enabled: true, registrationNumberFormat: "EXT{seq:4}" }, clock);
    const { product } = await makeReadyProduct(deps, ctx);
    const app = await createApplication(deps, ctx, { productId: product.id, channel: "registry" });
    for (const a of ["mark_ready", "request_number", "submit"]) await step(app.id, a);
    const v = () => operatorApplication(deps, op, app.id).then((x) => x.version);
    const opStep = async (action: string, more: Record<string, unknown> = {}) =>
      operatorTransition(deps, op, app.id, { action, version: await v(), ...more });
    await opStep("accept");
    await opStep("invoice_fee");
    await step(app.id, "pay_fee");
    expect(await codeOf(opStep("issue_label"))).toBe("STEP_INCOMPLETE");
    expect(await codeOf(opStep("issue_label", { labelExpiresOn: "2028-11-03" }))).toBe("VALIDATION_FAILED");
    const issued = await opStep("issue_label", { labelExpiresOn: "2028-11-02" });
    const row = () =>
      t.db.selectFrom("labels").selectAll().where("application_id", "=", app.id).executeTakeFirstOrThrow();
    expect((await row()).valid_until).toBe("2028-11-02");
    expect(issued.labelExpiresOn).toBe("2028-11-02");
    clock = new Date("2028-10-01T09:00:00Z");
    await step(app.id, "request_extension");
    expect(await codeOf(step(app.id, "extend", { labelExpiresOn: "2030-11-02" }))).toBe("FORBIDDEN");
    const extended = await opStep("extend", { labelExpiresOn: "2030-11-02" });
    expect(extended).toMatchObject({ state: "label_issued", labelExpiresOn: "2030-11-02" });
    const label = await row();
    expect(label.valid_until).toBe("2030-11-02");
    const claims = decodeJwt(label.payload) as { exp: number; label: { validUntil: string } };
    expect(claims.label.validUntil).toBe("2030-11-02");
    expect(new Date(claims.exp * 1000).toISOString()).toBe("2030-11-02T14:59:59.000Z");
  });

  it("migration: existing labels keep their computed expiry as recorded expiry; states map across", async () => {
    clock = new Date("2026-11-02T09:00:00Z");
    const { product, assessment } = await makeReadyProduct(deps, ctx);
    await ipaLifecycle.down(t.db);
    const base = {
      org_id: ctx.orgId,
      product_id: product.id,
      assessment_id: assessment.id,
      route: "standard",
      channel: "ipa",
      model_numbers: "[]",
      version: 3,
      created_at: clock.toISOString(),
      updated_at: clock.toISOString(),
    };
    const rows = [
      ["old_valid", "label_issued", "2024-12-01", "2026-11-30"],
      ["old_expired", "expired", "2024-01-10", "2026-01-09"],
      ["old_revoked", "revoked", "2025-03-01", "2027-02-28"],
      ["old_draft", "draft", null, null],
    ] as const;
    // biome-ignore lint/suspicious/noExplicitAny: the table as it was before the migration
    const old = t.db as any;
    for (const [id, state, issuedOn, expiresOn] of rows)
      await old
        .insertInto("applications")
        .values({ ...base, id, state, label_issued_on: issuedOn, label_expires_on: expiresOn })
        .execute();
    await ipaLifecycle.up(t.db);
    const after = await t.db
      .selectFrom("applications")
      .select(["id", "label_status", "label_expires_on", "acceptance_number"])
      .where(
        "id",
        "in",
        rows.map((r) => r[0]),
      )
      .orderBy("id")
      .execute();
    expect(after).toEqual([
      { id: "old_draft", label_status: null, label_expires_on: null, acceptance_number: null },
      { id: "old_expired", label_status: "expired", label_expires_on: "2026-01-09", acceptance_number: null },
      { id: "old_revoked", label_status: "revoked", label_expires_on: "2027-02-28", acceptance_number: null },
      { id: "old_valid", label_status: "valid", label_expires_on: "2026-11-30", acceptance_number: null },
    ]);
    const valid = await getApplication(deps, ctx, "old_valid");
    expect(valid).toMatchObject({ labelExpiresOn: "2026-11-30", labelStatus: "valid" });
    expect((await getApplication(deps, ctx, "old_revoked")).labelStatus).toBe("revoked");
    clock = new Date("2026-12-01T09:00:00Z");
    expect((await getApplication(deps, ctx, "old_valid")).labelStatus).toBe("expired");
  });
});
