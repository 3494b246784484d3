import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../accounts/users.ts";
import { createApplication, getApplication } from "../application/application.ts";
import { makeReadyProduct } from "../application/ready-product.testing.ts";
import { transitionApplication } from "../application/transition.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { startJobWorker } from "../jobs/worker.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import {
  REMINDER_EMAIL,
  REMINDER_SCAN,
  scanReminders,
  scheduleReminderScan,
  sendReminderEmail,
} from "./reminder-jobs.ts";
import type { Reminder } from "./reminders.ts";

describe.each(testDialects())("reminder e-mails from the job queue on %s", (dialect) => {
  let t: TestDb;
  let deps: CoreDeps;
  let ctx: RequestContext;
  let clock = new Date("2026-11-26T08:00:00Z");

  beforeAll(async () => {
    t = await openTestDb(dialect);
    deps = { db: t.db, catalog: loadCatalog(), now: () => clock };
    const org = await createOrganisation(t.db, "Maker KK", clock);
    ctx = { orgId: org.id, actor: { id: null, name: "A" }, lang: "ja" };
    await createUser(
      t.db,
      {
        email: "owner@example.jp",
        name: "Owner",
        password: "Correct horse battery 1",
        orgId: org.id,
        role: "owner",
      },
      clock,
    );
    await createUser(
      t.db,
      {
        email: "viewer@example.jp",
        name: "Viewer",
        password: "Correct horse battery 2",
        orgId: org.id,
        role: "viewer",
      },
      clock,
    );
    // A product whose support ends soon, and an application whose next step is overdue.
    const { product } = await makeReadyProduct(deps, ctx, { name: "CAM-300", supportEndDate: "2026-12-31" });
    const app = await createApplication(deps, ctx, { productId: product.id });
    await transitionApplication(deps, ctx, app.id, { action: "mark_ready", version: app.version });
    const ready = await getApplication(deps, ctx, app.id);
    await transitionApplication(deps, ctx, app.id, {
      action: "request_number",
      version: ready.version,
      occurredOn: "2026-11-10",
    });
  });
  afterAll(async () => t?.dispose());

  it("sends each due reminder once, to owners and editors, however many workers and scans run", async () => {
    const sent: { to: string; subject: string }[] = [];
    const send = async (to: string, subject: string) => {
      await new Promise((r) => setTimeout(r, 5));
      sent.push({ to, subject });
    };
    const handlers = {
      [REMINDER_SCAN]: () => scanReminders(deps),
      [REMINDER_EMAIL]: (job: { payload: unknown }) => sendReminderEmail(t.db, job.payload as Reminder, send),
    };
    // Three server processes start at once: each queues today's scan; one scan runs.
    await Promise.all([1, 2, 3].map(() => scheduleReminderScan(t.db, clock)));
    const workers = [1, 2, 3].map((n) =>
      startJobWorker(
        { db: t.db, now: () => clock, handlers, workerId: `w${n}`, onError: () => {} },
        { autostart: false },
      ),
    );
    for (let round = 0; round < 3; round++) await Promise.all(workers.map((w) => w.drain()));
    expect(sent.map((s) => s.to).every((to) => to === "owner@example.jp")).toBe(true);
    const subjects = sent.map((s) => s.subject);
    expect(subjects).toHaveLength(2);
    expect(new Set(subjects).size).toBe(2);
    expect(subjects.some((s) => s.includes("サポート期間終了"))).toBe(true);
    expect(subjects.some((s) => s.includes("期限超過"))).toBe(true);
    // The next day's scan finds the same reminders and sends nothing again.
    clock = new Date("2026-11-27T08:00:00Z");
    for (let round = 0; round < 3; round++) await Promise.all(workers.map((w) => w.drain()));
    const scans = await t.db
      .selectFrom("jobs")
      .select(["status"])
      .where("kind", "=", REMINDER_SCAN)
      .execute();
    expect(scans.filter((s) => s.status === "done")).toHaveLength(2);
    expect(sent).toHaveLength(2);
    await Promise.all(workers.map((w) => w.stop()));
  });

  it("skips e-mail without SMTP and says so", async () => {
    const result = await sendReminderEmail(t.db, { orgId: ctx.orgId } as Reminder, null);
    expect(result).toEqual({ sent: 0, skipped: "SMTP is not configured" });
  });
});
