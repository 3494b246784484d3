import { randomBytes } from "node:crypto";
import { tempDir } from "@jcstar/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle, migrateToLatest } from "../db/create-db.ts";
import { testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { type AccountDeps, DEFAULT_AUTH_POLICY } from "./account-deps.ts";
import { login } from "./login.ts";
import { verifyPassword } from "./password.ts";
import { createUser } from "./users.ts";

const PASSWORD = "long enough to be fine";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "OK";
}

/**
 * Two independent database handles on one SQLite file or one PostgreSQL schema, as two server
 * processes (`serve --workers 2`) have.
 */
async function twoHandles(dialect: "sqlite" | "postgres") {
  const dir = tempDir("jcstar-race-");
  const url = process.env.TEST_DATABASE_URL as string;
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const open = () =>
    dialect === "sqlite" ? createDb({ dataDir: dir.path }) : createDb({ url, dataDir: dir.path, schema });
  const a: DbHandle = await open();
  await migrateToLatest(a.db);
  const b: DbHandle = await open();
  return {
    a,
    b,
    dispose: async () => {
      await a.close();
      await b.close();
      if (dialect === "postgres") {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
      dir.cleanup();
    },
  };
}

describe.each(testDialects())("lockout under concurrency on %s", (dialect) => {
  let handles: Awaited<ReturnType<typeof twoHandles>>;
  let evaluations = 0;
  const counting = (password: string, stored: string) => {
    evaluations++;
    return verifyPassword(password, stored);
  };
  const depsOf = (h: DbHandle): AccountDeps => {
    const key = randomBytes(32);
    return {
      db: h.db,
      now: () => new Date(),
      instanceKey: { key, keyId: "k", source: "env" },
      authPolicy: DEFAULT_AUTH_POLICY,
      verifyPassword: counting,
    };
  };
  let n = 0;
  const newUser = async () =>
    createUser(handles.a.db, { email: `race${++n}@example.jp`, name: "R", password: PASSWORD }, new Date());

  beforeAll(async () => {
    handles = await twoHandles(dialect);
  });
  afterAll(async () => handles?.dispose());

  const limit = DEFAULT_AUTH_POLICY.maxAccountFailures;

  it("evaluates at most the allowed number of passwords for 100 concurrent wrong sign-ins", async () => {
    const user = await newUser();
    const deps = depsOf(handles.a);
    evaluations = 0;
    const codes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        codeOf(login(deps, { email: user.email, password: `wrong ${i}` }, null)),
      ),
    );
    expect(evaluations).toBeGreaterThan(0);
    expect(evaluations).toBeLessThanOrEqual(limit);
    expect(codes.filter((c) => c === "INVALID_CREDENTIALS").length).toBe(evaluations);
    expect(codes.filter((c) => c === "LOCKED_OUT").length).toBe(100 - evaluations);
    expect(await codeOf(login(deps, { email: user.email, password: PASSWORD }, null))).toBe("LOCKED_OUT");
  });

  it("refuses the correct password sent 11th in a burst of 40", async () => {
    const user = await newUser();
    const deps = depsOf(handles.a);
    evaluations = 0;
    const codes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        codeOf(login(deps, { email: user.email, password: i === 10 ? PASSWORD : `wrong ${i}` }, null)),
      ),
    );
    expect(codes[10]).toBe("LOCKED_OUT");
    expect(evaluations).toBeLessThanOrEqual(limit);
  });

  it("holds across two processes sharing the database (two handles)", async () => {
    const user = await newUser();
    const deps = [depsOf(handles.a), depsOf(handles.b)];
    evaluations = 0;
    const codes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        codeOf(
          login(
            deps[i % 2] as AccountDeps,
            { email: user.email, password: i === 10 ? PASSWORD : `wrong ${i}` },
            "127.0.0.5",
          ),
        ),
      ),
    );
    expect(evaluations).toBeGreaterThan(0);
    expect(evaluations).toBeLessThanOrEqual(limit);
    expect(codes[10]).toBe("LOCKED_OUT");
    expect(await codeOf(login(deps[1] as AccountDeps, { email: user.email, password: PASSWORD }, null))).toBe(
      "LOCKED_OUT",
    );
  });

  it("still signs in after a burst that was allowed through, and releases the reservation", async () => {
    const user = await newUser();
    const deps = depsOf(handles.b);
    evaluations = 0;
    const codes = await Promise.all(
      Array.from({ length: 3 }, () => codeOf(login(deps, { email: user.email, password: PASSWORD }, null))),
    );
    expect(codes).toEqual(["OK", "OK", "OK"]);
    expect(evaluations).toBe(3);
    const left = await handles.a.db
      .selectFrom("login_counters")
      .select("failures")
      .where("key", "=", `acct:${user.email}`)
      .executeTakeFirst();
    expect(left?.failures ?? 0).toBe(0);
  });
});
