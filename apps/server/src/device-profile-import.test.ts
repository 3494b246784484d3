import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testDialects } from "@jcstar/core/db/test-databases";
import { demoDeviceProfile } from "@jcstar/probes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

const EXAMPLE = readFileSync(join(import.meta.dirname, "../../../examples/demo-device-profile.yaml"), "utf8");

describe.each(testDialects())("profile import and executors on %s", (dialect) => {
  let t: TestApp;
  let editor: TestUser;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    editor = await t.user("editor");
  });
  afterAll(async () => {
    await t?.close();
  });

  async function counts() {
    const p = await t.db.db
      .selectFrom("device_profiles")
      .select((e) => e.fn.countAll().as("n"))
      .executeTakeFirst();
    const s = await t.db.db
      .selectFrom("secrets")
      .select((e) => e.fn.countAll().as("n"))
      .executeTakeFirst();
    return [Number(p?.n), Number(s?.n)];
  }

  type Answer = {
    name: string;
    source: string;
    neededSecrets: { exists: boolean }[];
    problems: unknown[];
    error: { code: string; details: { path: string }[] };
  };
  async function post(body: unknown) {
    const res = await t.app.request("/api/device-profiles/import", json("POST", body, editor.headers));
    return { status: res.status, body: (await res.json()) as Answer };
  }

  it("turns demo-device --profile-out (YAML) into a server profile: passwordEnv becomes a needed secret", async () => {
    const before = await counts();
    const source = demoDeviceProfile(EXAMPLE, {
      host: "127.0.0.2",
      port: 18480,
      certificateSha256: "AB".repeat(32),
    });
    const r = await post({ source });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: "JC-CAM-100 reference device / 参照機器",
      host: "127.0.0.2",
      neededSecrets: [
        {
          service: "web",
          username: "admin",
          passwordEnv: "DEMO_PASSWORD",
          secret: "demo-password",
          exists: false,
        },
      ],
      problems: [],
    });
    expect(r.body.source).toContain("passwordSecret: demo-password");
    expect(r.body.source).not.toContain("passwordEnv");
    expect(r.body.source).toContain("# Device profile of the reference device");
    // Once the secret exists the import says so.
    await t.app.request(
      "/api/device-secrets/demo-password",
      json("PUT", { value: "a-long-one" }, editor.headers),
    );
    expect((await post({ source })).body.neededSecrets[0]?.exists).toBe(true);
    expect(await counts()).toEqual([before[0], (before[1] ?? 0) + 1]);
  });

  it("reads the same profile written as JSON (probe run accepts both)", async () => {
    const r = await post({
      name: "json lab",
      source: JSON.stringify({
        name: "j",
        host: "127.0.0.3",
        services: [
          { id: "s", protocol: "ssh", port: 2222, auth: { username: "root", passwordEnv: "SSH_PW" } },
        ],
        defaultCredentials: { list: "./mine.txt" },
      }),
    });
    expect(r.status).toBe(200);
    expect(r.body.name).toBe("json lab");
    expect(r.body.neededSecrets).toMatchObject([{ service: "s", secret: "ssh-pw" }]);
    // What a server run still refuses is reported, not an error.
    expect(r.body.problems).toMatchObject([{ key: "defaultCredentials.list" }]);
  });

  it.each([
    ["not a profile", "just: text\n", "name"],
    [
      "a billion laughs",
      `a: &a [x,x,x,x,x,x,x,x,x,x]\n${Array.from(
        { length: 12 },
        (_, i) =>
          `b${i}: &b${i} [${Array(10)
            .fill(i === 0 ? "*a" : `*b${i - 1}`)
            .join(",")}]`,
      ).join("\n")}\nname: x\nhost: h\n`,
      "",
    ],
    ["deep flow nesting", `name: x\nhost: h\nx: ${"[".repeat(200)}${"]".repeat(200)}\n`, ""],
  ])("refuses %s with DEVICE_PROFILE_INVALID and writes nothing", async (_what, source, key) => {
    const before = await counts();
    const r = await post({ source });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("DEVICE_PROFILE_INVALID");
    if (key) expect(r.body.error.details.map((d) => d.path)).toContain(key);
    expect(await counts()).toEqual(before);
  });

  it("refuses a body that is not { source } with a coded 400", async () => {
    const r = await post({ source: 7 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBeTypeOf("string");
  });

  it("says which probes the server runs and which criteria it leaves to the CLI or a guided test", async () => {
    const res = await t.app.request("/api/device-tests/executors", { headers: editor.headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      executors: { id: string; probes: string[]; leftOver: { criterion: string; leftTo: string[] }[] }[];
    };
    const server = body.executors.find((e) => e.id === "server");
    expect(server?.probes).toEqual(["ports", "tls", "default-credentials", "brute-force"]);
    const left = Object.fromEntries(server?.leftOver.map((l) => [l.criterion, l.leftTo]) ?? []);
    expect(left["S1.1-08"]).toEqual(["cli"]);
    expect(left["S1.1-15"]).toEqual(["cli", "guided"]);
    expect(left["S1.1-12"]).toBeUndefined();
    expect(
      body.executors.find((e) => e.id === "cli")?.leftOver.every((l) => l.leftTo.includes("guided")),
    ).toBe(true);
  });
});
