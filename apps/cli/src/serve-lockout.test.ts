import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createDb } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { startServe } from "./serve.testing.ts";

const EMAIL = "admin@example.jp";
const PASSWORD = "a long lockout passphrase";

/** Starts `jcstar serve --workers 2` and resolves with its URL and the printed setup token. */
async function startWorkers(
  data: string,
  databaseUrl: string | null,
): Promise<{ child: ChildProcess; url: string; token: string }> {
  const env = { ...process.env };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const started = await startServe(data, env, { args: ["--workers", "2"], waitForSetupToken: true });
  return { child: started.child, url: started.url, token: started.setupToken as string };
}

/** A PostgreSQL URL whose connections use a fresh schema of their own (dropped afterwards). */
async function pgSchemaUrl(data: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL as string;
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const handle = await createDb({ url: base, dataDir: data, schema });
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      await handle.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await handle.close();
    },
  };
}

describe.each(testDialects())("lockout across `jcstar serve --workers 2` on %s", (dialect) => {
  const dir = tempDir();
  let child: ChildProcess | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child?.once("exit", r));
    }
    await drop?.();
    dir.cleanup();
  });

  it("refuses the correct password sent 11th in a burst of 40 spread over both workers", async () => {
    const pgUrl = dialect === "postgres" ? await pgSchemaUrl(dir.path) : null;
    drop = pgUrl?.drop;
    const started = await startWorkers(join(dir.path, "data"), pgUrl?.url ?? null);
    child = started.child;
    const post = (path: string, body: unknown) =>
      fetch(`${started.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", connection: "close" },
        body: JSON.stringify(body),
      });
    const setup = await post("/api/setup", {
      token: started.token,
      email: EMAIL,
      name: "管理者",
      password: PASSWORD,
      organisationName: "Lockout maker",
    });
    expect(setup.status, await setup.clone().text()).toBe(201);
    const codes = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const res = await post("/api/auth/login", {
          email: EMAIL,
          password: i === 10 ? PASSWORD : `wrong password ${i}`,
        });
        return res.ok ? "OK" : ((await res.json()) as { error: { code: string } }).error.code;
      }),
    );
    expect(codes[10]).toBe("LOCKED_OUT");
    expect(codes).not.toContain("OK");
    expect(codes.filter((c) => c === "INVALID_CREDENTIALS").length).toBeLessThanOrEqual(5);
  }, 120_000);
});
