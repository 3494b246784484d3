import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../bin/jcstar.js");

function run(args: string[], env: Record<string, string> = {}, input?: string) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 60_000,
    ...(input !== undefined ? { input } : {}),
  });
}

/** Signs in and returns the headers a browser would send: the session cookie and the CSRF token. */
async function signIn(url: string, email: string, password: string): Promise<Record<string, string>> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const me = (await (await fetch(`${url}/api/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string;
  };
  return { cookie, "x-csrf-token": me.csrfToken };
}

/** Starts `jcstar serve` and resolves with the URL it prints. */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1], output: () => out });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}

describe("jcstar CLI", () => {
  const dirs: { cleanup: () => void }[] = [];
  afterAll(() => {
    for (const d of dirs) d.cleanup();
  });

  it("prints the criteria as a JSON array with the documented fields", () => {
    const res = run(["criteria", "--json"]);
    expect(res.status).toBe(0);
    const items = JSON.parse(res.stdout) as Record<string, unknown>[];
    expect(items).toHaveLength(16);
    for (const item of items) {
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining(["id", "category", "title", "method", "notApplicableWhen"]),
      );
    }
    expect(items[12]).toMatchObject({ id: "S1.1-13", method: "both", notApplicableWhen: null });
    const en = run(["criteria", "--lang", "en"]);
    expect(en.stdout).toContain("S1.1-16");
    expect(run(["criteria", "--lang", "fr"]).status).not.toBe(0);
  });

  it("migrates a database and serves the API on SQLite in the data folder", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const data = join(dir.path, "data");
    const migrate = run(["db", "migrate", "--data", data]);
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/applied/);
    expect(run(["db", "migrate", "--data", data]).stdout).toMatch(/up to date/);
    expect(existsSync(join(data, "jcstar.sqlite"))).toBe(true);

    const server = await serve(["--port", "0", "--data", data]);
    let headers: Record<string, string>;
    try {
      const health = await fetch(`${server.url}/api/health`);
      expect(await health.json()).toEqual({ status: "ok" });
      // First run: no default password — a one-time setup token is printed instead.
      expect(server.output()).toMatch(/setup token/);
      expect((await fetch(`${server.url}/api/products`)).status).toBe(401);
      const weak = run(
        [
          "admin",
          "create-user",
          "--data",
          data,
          "--org",
          "Maker",
          "--email",
          "o@example.jp",
          "--role",
          "owner",
        ],
        {},
        "password123\n",
      );
      expect(weak.status).not.toBe(0);
      expect(weak.stderr).toMatch(/パスワード|password/i);
      const created = run(
        [
          "admin",
          "create-user",
          "--data",
          data,
          "--org",
          "Maker",
          "--email",
          "o@example.jp",
          "--role",
          "owner",
        ],
        {},
        "a long and unusual passphrase\n",
      );
      expect(created.status, JSON.stringify(created.stderr)).toBe(0);
      headers = await signIn(server.url, "o@example.jp", "a long and unusual passphrase");
      const noCsrf = await fetch(`${server.url}/api/products`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: headers.cookie ?? "" },
        body: JSON.stringify({ name: "CLI product", category: "sensor" }),
      });
      expect(noCsrf.status).toBe(403);
      const product = await fetch(`${server.url}/api/products`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ name: "CLI product", category: "sensor" }),
      });
      expect(product.status).toBe(201);
    } finally {
      server.child.kill("SIGTERM");
      await new Promise((r) => server.child.once("exit", r));
    }
    // The data survives a restart.
    const again = await serve(["--port", "0", "--data", data]);
    try {
      expect(again.output()).not.toMatch(/setup token/);
      const list = (await (await fetch(`${again.url}/api/products`, { headers })).json()) as {
        name: string;
      }[];
      expect(list.map((p) => p.name)).toEqual(["CLI product"]);
    } finally {
      again.child.kill("SIGTERM");
      await new Promise((r) => again.child.once("exit", r));
    }
  });

  it("fails fast with a clear message on bad configuration", () => {
    const res = run(["serve", "--port", "0"], { DATABASE_URL: "mysql://nope" });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/DATABASE_URL/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
