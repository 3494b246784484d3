import { eraseUser, scheduleReminderScan, startJobWorker, writeSettings } from "@jcstar/core";
import { makeReadyProduct } from "@jcstar/core/application/ready-product.testing";
import { testDialects } from "@jcstar/core/db/test-databases";
import { freePort } from "@jcstar/testkit";
import ICAL from "ical.js";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildJobHandlers } from "./job-handlers.ts";
import { json, openTestApp, type TestApp } from "./test-app.ts";

type View = {
  id: string;
  state: string;
  version: number;
  applicationNumber: string | null;
  registrationNumber: string | null;
  nextActions: string[];
  fee: { amount: number } | null;
  expectedAcceptanceOn: string | null;
  events: {
    action: string;
    actor: { kind: string };
    attachments: { id: string; mediaType: string | null }[];
  }[];
};

describe.each(testDialects())("applications and the operator console over HTTP on %s", (dialect) => {
  let t: TestApp;
  let maker: Record<string, string>;
  let makerEmail: string;
  let makerId: string;
  let operator: Record<string, string>;
  let operatorToken: Record<string, string>;
  let productId: string;
  let docId: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    const m = await t.user("editor");
    maker = m.headers;
    makerEmail = m.email;
    makerId = m.id;
    const op = await t.user(null, { instanceRole: "operator" });
    operator = { ...(await t.session(op.id)), "content-type": "application/json" };
    operatorToken = op.headers;
    const ctx = { orgId: t.orgId, actor: { id: null, name: "Setup" }, lang: "en" as const };
    const ready = await makeReadyProduct(t.deps, ctx, { name: "CAM-200" });
    productId = ready.product.id;
    docId = ready.doc.id;
  });
  afterAll(async () => t?.close());

  const as =
    (headers: Record<string, string>) =>
    (path: string, init: RequestInit = {}) =>
      t.app.request(path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });

  async function makerStep(id: string, action: string, more: Record<string, unknown> = {}): Promise<View> {
    const current = (await (await as(maker)(`/api/applications/${id}`)).json()) as View;
    const res = await as(maker)(
      `/api/applications/${id}/transitions`,
      json("POST", { action, version: current.version, ...more }),
    );
    expect(res.status, `${action}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as View;
  }

  async function operatorStep(id: string, action: string, more: Record<string, unknown> = {}): Promise<View> {
    const current = (await (await as(operator)(`/api/operator/applications/${id}`)).json()) as View;
    const res = await as(operator)(
      `/api/operator/applications/${id}/transitions`,
      json("POST", { action, version: current.version, ...more }),
    );
    expect(res.status, `${action}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as View;
  }

  it("shows the fee table and schedule as data", async () => {
    const info = (await (await as(maker)("/api/application-info")).json()) as {
      fees: { route: string; amount: number }[];
      acceptanceDays: number;
      registry: { enabled: boolean };
    };
    expect(info.fees.map((f) => f.amount).sort()).toEqual([110000, 140000, 198000]);
    expect(info.acceptanceDays).toBe(14);
    expect(info.registry.enabled).toBe(false);
  });

  it("keeps makers out of the operator console and operators to sessions with a second factor", async () => {
    expect((await as(maker)("/api/operator/applications")).status).toBe(403);
    expect((await as(operatorToken)("/api/operator/applications")).status).toBe(403);
    expect((await as(operator)("/api/operator/applications")).status).toBe(200);
  });

  it("takes a registry application from draft to label: maker steps, operator review, evidence bundle", async () => {
    const enable = await as(operator)(
      "/api/operator/registry-settings",
      json("PUT", { enabled: true, registrationNumberFormat: "TEST-{yyyy}-{seq:4}" }),
    );
    expect(enable.status).toBe(200);
    const created = await as(maker)("/api/applications", json("POST", { productId, channel: "registry" }));
    expect(created.status).toBe(201);
    const app = (await created.json()) as View;
    expect((await as(operator)(`/api/operator/applications/${app.id}`)).status).toBe(404);
    await makerStep(app.id, "mark_ready");
    const numbered = await makerStep(app.id, "request_number");
    expect(numbered.state).toBe("number_received");
    const submitted = await makerStep(app.id, "submit");
    expect(submitted.fee?.amount).toBe(198000);
    expect(submitted.expectedAcceptanceOn).not.toBeNull();
    expect(submitted.nextActions).toEqual(["provide_evidence"]);
    // The maker cannot accept their own application.
    const self = await as(maker)(
      `/api/applications/${app.id}/transitions`,
      json("POST", { action: "accept", version: submitted.version }),
    );
    expect(self.status).toBe(403);
    // A step out of order is refused with the step and state named in the caller's language.
    const skipped = await as(maker)(
      `/api/applications/${app.id}/transitions?lang=ja`,
      json("POST", { action: "pay_fee", version: submitted.version }),
    );
    expect(skipped.status).toBe(409);
    expect(((await skipped.json()) as { error: { message: string } }).error.message).toBe(
      "申請の状態（提出済み）からは「手数料を支払」に進めません。手順を飛ばすことはできません。",
    );

    const queue = (await (await as(operator)("/api/operator/applications")).json()) as { id: string }[];
    expect(queue.map((q) => q.id)).toContain(app.id);
    await operatorStep(app.id, "request_evidence", { note: "Send the evidence for S1.1-04." });
    const bundled = await as(maker)(
      `/api/applications/${app.id}/evidence-bundle`,
      json("POST", { version: (await (await as(maker)(`/api/applications/${app.id}`)).json()).version }),
    );
    expect(bundled.status, await bundled.clone().text()).toBe(200);
    const answered = (await bundled.json()) as View;
    const sent = answered.events.at(-1);
    expect(sent?.action).toBe("provide_evidence");
    expect(sent?.attachments[0]?.mediaType).toBe("application/zip");
    const zip = await as(operator)(
      `/api/operator/applications/${app.id}/attachments/${sent?.attachments[0]?.id}`,
    );
    expect(zip.status).toBe(200);
    expect(
      Buffer.from(await zip.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    // Operators open only what was sent with the application.
    expect((await as(operator)(`/api/operator/applications/${app.id}/attachments/${docId}`)).status).toBe(
      404,
    );

    await operatorStep(app.id, "accept");
    await operatorStep(app.id, "invoice_fee");
    await makerStep(app.id, "pay_fee");
    const issued = await operatorStep(app.id, "issue_label", {
      labelExpiresOn: `${Number(new Date().toISOString().slice(0, 4)) + 1}-06-30`,
    });
    expect(issued.registrationNumber).toMatch(/^TEST-\d{4}-0001$/);
    const seen = (await (await as(maker)(`/api/applications/${app.id}`)).json()) as View;
    expect(seen.state).toBe("label_issued");
    expect(seen.events.map((e) => e.actor.kind)).toContain("operator");
  });

  it("refuses an operator who belongs to the applying organisation", async () => {
    const insider = await t.user("viewer", { instanceRole: "operator" });
    const headers = { ...(await t.session(insider.id)), "content-type": "application/json" };
    const list = (await (await as(operator)("/api/operator/applications?state=label_issued")).json()) as {
      id: string;
    }[];
    expect(list.length).toBeGreaterThan(0);
    const refused = await as(headers)(`/api/operator/applications/${list[0]?.id}?lang=ja`);
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("OPERATOR_CONFLICT_OF_INTEREST");
    expect(body.error.message).toContain("利益相反");
    // Left out of the insider's queue: another operator reviews it.
    const own = (await (await as(headers)("/api/operator/applications?state=label_issued")).json()) as {
      id: string;
    }[];
    expect(own.map((a) => a.id)).not.toContain(list[0]?.id);
  });

  it("shows reminders, serves a per-user iCalendar feed, and e-mails due reminders through SMTP", async () => {
    const soon = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const ctx = { orgId: t.orgId, actor: { id: null, name: "Setup" }, lang: "en" as const };
    await makeReadyProduct(t.deps, ctx, { name: "SENSOR-9", supportEndDate: soon });
    const reminders = (await (await as(maker)("/api/reminders")).json()) as { kind: string; dueOn: string }[];
    expect(reminders).toContainEqual(expect.objectContaining({ kind: "support_end", dueOn: soon }));
    expect(reminders.map((r) => r.kind)).toContain("label_expiry");

    const issued = await as(maker)("/api/calendar/token", { method: "POST" });
    expect(issued.status).toBe(201);
    const { url } = (await issued.json()) as { url: string };
    const path = new URL(url).pathname;
    const feed = await t.app.request(path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(await feed.text()));
    const summaries = cal
      .getAllSubcomponents("vevent")
      .map((v) => String(v.getFirstPropertyValue("summary")));
    expect(summaries.some((x) => x.includes("SENSOR-9"))).toBe(true);
    const again = await as(maker)("/api/calendar/token", { method: "POST" });
    expect((await t.app.request(path)).status).toBe(404);
    expect(
      (await t.app.request(new URL(((await again.json()) as { url: string }).url).pathname)).status,
    ).toBe(200);
    expect((await t.app.request("/api/calendar/cal_guess")).status).toBe(404);

    const mails: { to: string; text: string }[] = [];
    const port = await freePort();
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        let text = "";
        stream.on("data", (chunk) => {
          text += chunk;
        });
        stream.on("end", () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), text });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
    try {
      await writeSettings(
        t.db.db,
        t.deps.instanceKey,
        { smtp: { host: "127.0.0.1", port, from: "jcstar@example.jp" } },
        new Date(),
      );
      const workers = [1, 2].map(() =>
        startJobWorker(
          { db: t.db.db, now: t.deps.now, handlers: buildJobHandlers(t.deps), onError: () => {} },
          { autostart: false },
        ),
      );
      await Promise.all([
        scheduleReminderScan(t.db.db, new Date()),
        scheduleReminderScan(t.db.db, new Date()),
      ]);
      for (let i = 0; i < 3; i++) await Promise.all(workers.map((w) => w.drain()));
      await Promise.all(workers.map((w) => w.stop()));
      const toMaker = mails.filter((m) => m.to === makerEmail && m.text.includes("SENSOR-9"));
      expect(toMaker).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });

  it("erases a person's calendar address and name from application timelines", async () => {
    const { url } = (await (await as(maker)("/api/calendar/token", { method: "POST" })).json()) as {
      url: string;
    };
    const named = await t.db.db
      .selectFrom("application_events")
      .select("actor_name")
      .where("actor_id", "=", makerId)
      .execute();
    expect(named.length).toBeGreaterThan(0);
    await eraseUser(t.db.db, makerId);
    expect((await t.app.request(new URL(url).pathname)).status).toBe(404);
    const after = await t.db.db
      .selectFrom("application_events")
      .select("actor_name")
      .where("actor_id", "=", makerId)
      .execute();
    expect(after.map((e) => e.actor_name)).toEqual(named.map(() => "—"));
  });
});
