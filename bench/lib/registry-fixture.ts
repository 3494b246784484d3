/** Shared by the registry benchmarks: a seeded label registry, `jcstar serve`, and wrk runs. */
import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  activeLabelKey,
  type Db,
  formatRegistrationNumber,
  type LabelClaim,
  labelTerms,
  loadInstanceKey,
  migrateToLatest,
  newId,
  signLabel,
  validUntilOf,
} from "@jcstar/core";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const MAKERS = ["東都電機", "Kansai Devices", "北海センサー", "Ocean Networks", "中部ホーム", "Kyushu IoT"];
export const LABEL_FORMAT = "JCS-{yyyy}-{seq:6}";

/** N labels signed with the data folder's real label key, inserted in batches (no audit: this is a fixture). */
export async function seedLabels(db: Db, dataDir: string, origin: string, N: number): Promise<void> {
  await migrateToLatest(db);
  const deps = {
    db,
    now: () => new Date(),
    instanceKey: loadInstanceKey(dataDir, { ...process.env, JCSTAR_INSTANCE_KEY: "" }),
  };
  const key = await activeLabelKey(deps);
  const issued = new Date("2026-04-01T00:00:00Z");
  let batch: Record<string, unknown>[] = [];
  const terms: { term: string; label_id: string }[] = [];
  for (let i = 1; i <= N; i++) {
    const registrationNumber = formatRegistrationNumber(LABEL_FORMAT, issued, i);
    const validFrom = "2026-04-01";
    const maker = MAKERS[i % MAKERS.length] as string;
    const claim: LabelClaim = {
      registrationNumber,
      starLevel: 1,
      product: `ネットワークカメラ Model ${i}`,
      maker,
      modelNumbers: [`NC-${i}`, `NC-${i}W`],
      validFrom,
      validUntil: validUntilOf(validFrom, 2),
      url: `${origin}/registry/${registrationNumber}`,
      registry: "bench",
      sandbox: true,
    };
    const revoked = i % 997 === 0;
    const id = newId("lbl");
    for (const term of labelTerms(claim)) terms.push({ term, label_id: id });
    batch.push({
      id,
      registration_number: registrationNumber,
      star_level: 1,
      org_id: null,
      product_id: null,
      product_name: claim.product,
      maker_name: maker,
      model_numbers: JSON.stringify(claim.modelNumbers),
      valid_from: validFrom,
      valid_until: claim.validUntil,
      status: revoked ? "revoked" : "valid",
      revoked_at: revoked ? "2026-10-01T00:00:00.000Z" : null,
      revocation_reason: revoked ? "bench" : null,
      application_id: null,
      key_id: key.kid,
      payload: await signLabel(key, claim, origin, issued),
      issued_by: null,
      issued_at: issued.toISOString(),
      version: 1,
    });
    if (batch.length === 500 || i === N) {
      await db
        .insertInto("labels")
        .values(batch as never)
        .execute();
      batch = [];
    }
  }
}

export type Server = { url: string; stop: () => Promise<void> };

export function startJcstar(
  dataDir: string,
  databaseUrl: string,
  workers: number,
  env: Record<string, string> = {},
): Promise<Server> {
  const cli = join(ROOT, "apps/cli/bin/jcstar.js");
  const child = spawn(
    process.execPath,
    [cli, "serve", "--port", "0", "--workers", String(workers), "--data", dataDir],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, DATABASE_URL: databaseUrl, JCSTAR_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url)
        resolve({
          url,
          stop: async () => {
            child.kill("SIGTERM");
            await exited;
          },
        });
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export type WrkResult = {
  command: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
};

function ms(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === "us" ? n / 1000 : m[2] === "s" ? n * 1000 : n;
}

/** A short unmeasured run first, so that each server is warm (JIT, caches, connection pool). */
async function warm(url: string): Promise<void> {
  await run("wrk", ["-t2", "-c8", "-d2s", url], { maxBuffer: 1 << 20 });
}

export async function wrk(
  url: string,
  seconds: number,
  connections = 32,
  script?: string,
): Promise<WrkResult> {
  await warm(url);
  const args = [
    "-t2",
    `-c${connections}`,
    `-d${seconds}s`,
    "--latency",
    ...(script ? ["-s", script] : []),
    url,
  ];
  const { stdout } = await run("wrk", args, { maxBuffer: 1 << 20 });
  const errors =
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0) +
    [...(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout) ?? [])]
      .slice(1)
      .reduce((a, b) => a + Number(b), 0);
  return {
    command: `wrk ${args.join(" ")}`,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN),
    p50: ms(/\s50%\s+(\S+)/.exec(stdout)?.[1] ?? ""),
    p99: ms(/\s99%\s+(\S+)/.exec(stdout)?.[1] ?? ""),
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0),
    errors,
  };
}
