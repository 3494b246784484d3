import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { claimJob, completeJob, enqueueJob, failJob, getJob, type Job } from "./jobs.ts";
import { PermanentJobError, startJobWorker } from "./worker.ts";

describe.each(testDialects())("job queue on %s", (dialect) => {
  let t: TestDb;
  let orgId: string;
  const t0 = new Date("2026-11-26T00:00:00.000Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);

  beforeAll(async () => {
    t = await openTestDb(dialect);
    orgId = (await createOrganisation(t.db, "Jobs KK", t0)).id;
  });
  afterAll(async () => t?.dispose());

  it("runs a job once, with its payload, and keeps the result", async () => {
    const job = await enqueueJob(t.db, { kind: "k1", orgId, payload: { host: "127.0.0.1", n: 3 } }, t0);
    expect(job.status).toBe("queued");
    const claimed = await claimJob(t.db, { kinds: ["k1"], workerId: "w1", leaseMs: 1000 }, t0);
    expect(claimed?.id).toBe(job.id);
    expect(claimed?.payload).toEqual({ host: "127.0.0.1", n: 3 });
    expect(claimed?.attempts).toBe(1);
    expect(await claimJob(t.db, { kinds: ["k1"], workerId: "w2", leaseMs: 1000 }, t0)).toBeUndefined();
    expect(await completeJob(t.db, job.id, "w2", "not mine", t0)).toBe(false);
    expect(await completeJob(t.db, job.id, "w1", { ok: true }, t0)).toBe(true);
    const done = await getJob(t.db, orgId, job.id);
    expect(done?.status).toBe("done");
    expect(done?.result).toEqual({ ok: true });
    expect(await getJob(t.db, "org_other", job.id)).toBeNull();
  });

  it("adds nothing for a dedupe key already used", async () => {
    const a = await enqueueJob(t.db, { kind: "k2", payload: 1, dedupeKey: "reminder:x:2026-12-01" }, t0);
    const b = await enqueueJob(t.db, { kind: "k2", payload: 2, dedupeKey: "reminder:x:2026-12-01" }, t0);
    expect(b.id).toBe(a.id);
    expect(b.payload).toBe(1);
    const rows = await t.db.selectFrom("jobs").select("id").where("kind", "=", "k2").execute();
    expect(rows).toHaveLength(1);
  });

  it("does not run a job before its time, nor a kind it was not asked for", async () => {
    const job = await enqueueJob(t.db, { kind: "k3", payload: null, runAt: at(60_000) }, t0);
    expect(await claimJob(t.db, { kinds: ["k3"], workerId: "w", leaseMs: 1000 }, at(59_000))).toBeUndefined();
    expect(
      await claimJob(t.db, { kinds: ["other"], workerId: "w", leaseMs: 1000 }, at(61_000)),
    ).toBeUndefined();
    expect((await claimJob(t.db, { kinds: ["k3"], workerId: "w", leaseMs: 1000 }, at(61_000)))?.id).toBe(
      job.id,
    );
  });

  it("retries with back-off, then fails for good; a worker that died loses its lease", async () => {
    const job = await enqueueJob(t.db, { kind: "k4", payload: null, maxAttempts: 2 }, t0);
    await claimJob(t.db, { kinds: ["k4"], workerId: "w1", leaseMs: 1000 }, t0);
    expect(await failJob(t.db, job.id, "w1", "device did not answer", t0)).toBe(true);
    let row = await getJob(t.db, null, job.id);
    expect(row?.status).toBe("queued");
    expect(row?.error).toBe("device did not answer");
    expect(new Date(row?.runAt as string).getTime()).toBeGreaterThan(t0.getTime());
    expect(await claimJob(t.db, { kinds: ["k4"], workerId: "w2", leaseMs: 1000 }, at(1000))).toBeUndefined();
    // Second attempt: the worker dies holding it; another worker takes over only after the lease expired.
    expect(
      (await claimJob(t.db, { kinds: ["k4"], workerId: "w2", leaseMs: 1000 }, at(10_000)))?.attempts,
    ).toBe(2);
    expect(
      await claimJob(t.db, { kinds: ["k4"], workerId: "w3", leaseMs: 1000 }, at(10_500)),
    ).toBeUndefined();
    // No attempt left: the expired lease turns the job failed instead of running it a third time.
    expect(
      await claimJob(t.db, { kinds: ["k4"], workerId: "w3", leaseMs: 1000 }, at(12_000)),
    ).toBeUndefined();
    row = await getJob(t.db, null, job.id);
    expect(row?.status).toBe("failed");
  });

  it("shares the queue between several workers: every job runs exactly once", async () => {
    const kind = "k5";
    const ids = new Set<string>();
    for (let i = 0; i < 24; i++) ids.add((await enqueueJob(t.db, { kind, payload: { i } }, t0)).id);
    const runs: string[] = [];
    const handler = async (job: Job) => {
      runs.push(job.id);
      await new Promise((r) => setTimeout(r, 2));
      return (job.payload as { i: number }).i * 2;
    };
    const workers = Array.from({ length: 4 }, (_, n) =>
      startJobWorker(
        { db: t.db, now: () => at(1000), handlers: { [kind]: handler }, workerId: `w${n}` },
        {
          autostart: false,
        },
      ),
    );
    const counts = await Promise.all(workers.map((w) => w.drain()));
    await Promise.all(workers.map((w) => w.stop()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(24);
    expect(runs.toSorted()).toEqual([...ids].toSorted());
    const rows = await t.db
      .selectFrom("jobs")
      .select(["status", "result"])
      .where("kind", "=", kind)
      .execute();
    expect(rows.every((r) => r.status === "done")).toBe(true);
  });

  it("a handler's permanent error fails the job without retry", async () => {
    const job = await enqueueJob(t.db, { kind: "k6", payload: null, maxAttempts: 5 }, t0);
    const errors: unknown[] = [];
    const worker = startJobWorker(
      {
        db: t.db,
        now: () => at(1000),
        handlers: {
          k6: async () => {
            throw new PermanentJobError("target not on the allowlist");
          },
        },
        onError: (e) => errors.push(e),
      },
      { autostart: false },
    );
    expect(await worker.drain()).toBe(1);
    await worker.stop();
    const row = await getJob(t.db, null, job.id);
    expect(row?.status).toBe("failed");
    expect(row?.attempts).toBe(1);
    expect(row?.error).toBe("target not on the allowlist");
    expect(errors).toHaveLength(1);
  });

  it("the polling worker picks up a job by itself and stops cleanly", async () => {
    const job = await enqueueJob(t.db, { kind: "k7", payload: "hi" }, t0);
    const seen: unknown[] = [];
    const worker = startJobWorker({
      db: t.db,
      now: () => new Date(),
      pollMs: 20,
      handlers: { k7: async (j) => seen.push(j.payload) },
    });
    await expect.poll(async () => (await getJob(t.db, null, job.id))?.status).toBe("done");
    await worker.stop();
    expect(seen).toEqual(["hi"]);
  });
});
