import { createUser, type JobWorker, PASSWORD_RESET_JOB, startJobWorker, writeSettings } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { freePort } from "@jcstar/testkit";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildJobHandlers } from "./job-handlers.ts";
import { json, openTestApp, type TestApp } from "./test-app.ts";

const PUBLIC = "https://jcstar.example.jp";
/** The SMTP server takes this long to accept each message: the request must not wait for it. */
const SMTP_DELAY_MS = 1500;

describe.each(testDialects())("password-reset requests on %s", (dialect) => {
  let t: TestApp;
  let clock = Date.now();
  let smtp: SMTPServer;
  const mails: { to: string; text: string }[] = [];

  beforeAll(async () => {
    t = await openTestApp(dialect, {
      publicUrl: PUBLIC,
      proxyTrust: { mode: "one-hop" },
      now: () => new Date(clock),
    });
    const port = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        let text = "";
        stream.on("data", (c) => {
          text += c;
        });
        stream.on("end", () => {
          setTimeout(() => {
            mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), text });
            callback();
          }, SMTP_DELAY_MS);
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
    await writeSettings(
      t.db.db,
      t.deps.instanceKey,
      { smtp: { host: "127.0.0.1", port, from: "jcstar@example.jp" } },
      new Date(clock),
    );
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    await t?.close();
  });

  const ask = (email: string, from = "192.0.2.1") =>
    // As an attacker sends it: the server-side URL and every forwarded header name a host of theirs.
    t.app.request(
      "http://evil.example/api/auth/password-reset/request",
      json(
        "POST",
        { email },
        {
          "x-forwarded-for": from,
          "accept-language": "en",
          host: "evil.example",
          "x-forwarded-host": "evil2.example",
          "x-forwarded-proto": "gopher",
        },
      ),
    );

  async function jobsFor(email: string) {
    const rows = await t.db.db
      .selectFrom("jobs")
      .select(["kind", "payload"])
      .where("kind", "=", PASSWORD_RESET_JOB)
      .execute();
    return rows.filter((r) => (JSON.parse(r.payload) as { email: string }).email === email);
  }

  async function resetTokens(userId: string) {
    return t.db.db
      .selectFrom("one_time_tokens")
      .select("id")
      .where("user_id", "=", userId)
      .where("purpose", "=", "password_reset")
      .execute();
  }

  async function until(check: () => boolean, ms = 15_000) {
    for (const start = Date.now(); !check() && Date.now() - start < ms; )
      await new Promise((r) => setTimeout(r, 50));
  }

  it("answers known and unknown addresses alike and at once; the e-mail comes later from the job", async () => {
    const known = await createUser(
      t.db.db,
      { email: "forgot@example.jp", name: "F", password: "an old long passphrase" },
      new Date(clock),
    );
    const answers: { status: number; body: string; ms: number }[] = [];
    for (const email of ["forgot@example.jp", "nobody@example.jp"]) {
      const started = performance.now();
      const res = await ask(email);
      answers.push({ status: res.status, body: await res.text(), ms: performance.now() - started });
    }
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers[0]?.body).toBe(answers[1]?.body);
    for (const a of answers) expect(a.ms).toBeLessThan(SMTP_DELAY_MS);
    // The same work for both: one queued job each, nothing issued or sent yet.
    expect((await jobsFor("forgot@example.jp")).length).toBe(1);
    expect((await jobsFor("nobody@example.jp")).length).toBe(1);
    expect(await resetTokens(known.id)).toHaveLength(0);
    expect(mails).toHaveLength(0);

    const worker: JobWorker = startJobWorker({
      db: t.db.db,
      now: t.deps.now,
      handlers: buildJobHandlers(t.deps),
      pollMs: 50,
    });
    try {
      await until(() => mails.length > 0);
      await worker.drain();
    } finally {
      await worker.stop();
    }
    expect(mails.map((m) => m.to)).toEqual(["forgot@example.jp"]);
    const link = /https:\/\/jcstar\.example\.jp\/reset\/([A-Za-z0-9_-]+)/.exec(
      mails[0]?.text.replace(/=\r?\n/g, "") ?? "",
    );
    expect(link?.[1], mails[0]?.text).toBeTruthy();
    expect(mails[0]?.text).not.toMatch(/evil|gopher/);
    expect(await resetTokens(known.id)).toHaveLength(1);
    // Done jobs forget which addresses were asked about.
    expect(await jobsFor("forgot@example.jp")).toHaveLength(0);
    expect(await jobsFor("nobody@example.jp")).toHaveLength(0);
    const reset = await t.app.request(
      "/api/auth/password-reset",
      json("POST", { token: link?.[1], password: "a fresh long passphrase" }),
    );
    expect(reset.status).toBe(204);
  });

  it("takes 5 requests an hour per e-mail address: the 6th gets the same answer but no job", async () => {
    const answers = new Set<string>();
    for (let i = 0; i < 7; i++) {
      const res = await ask("limit@example.jp", `192.0.2.${10 + i}`);
      answers.add(`${res.status} ${await res.text()}`);
    }
    expect([...answers]).toEqual(['202 {"accepted":true}']);
    expect(await jobsFor("limit@example.jp")).toHaveLength(5);
    // A new window takes requests again.
    clock += 3601_000;
    expect((await ask("limit@example.jp", "192.0.2.99")).status).toBe(202);
    expect(await jobsFor("limit@example.jp")).toHaveLength(6);
  });

  it("takes 5 requests an hour per client address, whatever the e-mail", async () => {
    for (let i = 0; i < 7; i++) expect((await ask(`many${i}@example.jp`, "198.51.100.7")).status).toBe(202);
    const queued = await Promise.all([...Array(7).keys()].map((i) => jobsFor(`many${i}@example.jp`)));
    expect(queued.map((q) => q.length)).toEqual([1, 1, 1, 1, 1, 0, 0]);
  });

  it("counts concurrent requests exactly (conditional upsert): 20 at once queue 5", async () => {
    const answers = await Promise.all(
      [...Array(20).keys()].map((i) => ask("burst@example.jp", `203.0.113.${i + 1}`)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    expect(await jobsFor("burst@example.jp")).toHaveLength(5);
  });

  it("sends nothing while the instance has no public URL", async () => {
    const user = await createUser(
      t.db.db,
      { email: "nourl@example.jp", name: "N", password: "an old long passphrase" },
      new Date(clock),
    );
    const saved = t.deps.publicUrl;
    t.deps.publicUrl = undefined;
    const before = mails.length;
    try {
      const res = await ask("nourl@example.jp", "192.0.2.200");
      expect([res.status, await res.text()]).toEqual([202, '{"accepted":true}']);
      const worker = startJobWorker(
        { db: t.db.db, now: t.deps.now, handlers: buildJobHandlers(t.deps) },
        { autostart: false },
      );
      await worker.drain();
      await worker.stop();
    } finally {
      t.deps.publicUrl = saved;
    }
    expect(mails.length).toBe(before);
    expect(await resetTokens(user.id)).toHaveLength(0);
  });
});
