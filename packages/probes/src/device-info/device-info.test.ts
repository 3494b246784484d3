import { generateKeyPairSync, sign } from "node:crypto";
import { createSocket } from "node:dgram";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { freePort, tempDir } from "@jcstar/testkit";
import ssh2 from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeviceContext } from "../actions/context.ts";
import { randomPassword, runAction, template } from "../actions/run-action.ts";
import { snmpResponseValue } from "../actions/sources.ts";
import { ProfileError } from "../profile/errors.ts";
import { parseProfile } from "../profile/load.ts";
import { compareVersions, runDeviceInfoProbe } from "./probe.ts";

const dir = tempDir("jcstar-info-");
const stops: Array<() => Promise<void> | void> = [];
let httpPort = 0;
let sshPort = 0;
let snmpPort = 0;
const keys = generateKeyPairSync("ed25519");
const manifest = Buffer.from(JSON.stringify({ models: { "GW-7": { latestVersion: "3.1.0" } } }));

/** An SNMP GetResponse for sysDescr.0 with `text`. */
function snmpAnswer(text: string, requestId: Buffer): Buffer {
  const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag, body.length]), body]);
  const oid = tlv(0x06, Buffer.from([0x2b, 6, 1, 2, 1, 1, 1, 0]));
  const varbind = tlv(0x30, Buffer.concat([oid, tlv(0x04, Buffer.from(text))]));
  const pdu = tlv(
    0xa2,
    Buffer.concat([
      tlv(0x02, requestId),
      tlv(0x02, Buffer.from([0])),
      tlv(0x02, Buffer.from([0])),
      tlv(0x30, varbind),
    ]),
  );
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), tlv(0x04, Buffer.from("public")), pdu]));
}

beforeAll(async () => {
  writeFileSync(join(dir.path, "vendor.pub"), keys.publicKey.export({ type: "spki", format: "pem" }));
  // HTTP: an HTML status page, and a signed version manifest (and a forged one).
  const http = createServer((req, res) => {
    if (req.url === "/status") {
      if (req.headers.authorization !== `Basic ${Buffer.from("admin:pw-1234567").toString("base64")}`) {
        res.writeHead(401, { "WWW-Authenticate": "Basic" });
        return res.end();
      }
      res.writeHead(200, { "Content-Type": "text/html" });
      return res.end("<html><p>Model: GW-7</p><p>Firmware v3.0.2</p></html>");
    }
    if (req.url === "/manifest.json") return res.end(manifest);
    if (req.url === "/manifest.json.sig")
      return res.end(sign(null, manifest, keys.privateKey).toString("base64"));
    if (req.url === "/forged.json")
      return res.end(JSON.stringify({ models: { "GW-7": { latestVersion: "3.0.2" } } }));
    if (req.url === "/forged.json.sig")
      return res.end(sign(null, manifest, keys.privateKey).toString("base64"));
    res.writeHead(404);
    res.end();
  });
  httpPort = await freePort();
  await new Promise<void>((r) => http.listen(httpPort, "127.0.0.1", r));
  stops.push(() => new Promise<void>((r) => http.close(() => r())));
  // SSH: a server that answers `cat /etc/version` after a password login.
  const hostKey = ssh2.utils.generateKeyPairSync("ed25519").private;
  const ssh = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    client.on("authentication", (ctx) => {
      if (ctx.method === "password" && ctx.username === "root" && ctx.password === "ssh-pw-1") ctx.accept();
      else ctx.reject(["password"]);
    });
    client.on("ready", () =>
      client.on("session", (accept) =>
        accept().once("exec", (acceptExec, _reject, info) => {
          const stream = acceptExec();
          stream.write(info.command === "cat /etc/version" ? "GW-7 firmware 3.1.0\n" : "");
          stream.exit(0);
          stream.end();
        }),
      ),
    );
    client.on("error", () => {});
  });
  sshPort = await freePort();
  await new Promise<void>((r) => ssh.listen(sshPort, "127.0.0.1", r));
  stops.push(() => new Promise<void>((r) => ssh.close(() => r())));
  // SNMP: answers sysDescr.0 for the community "public".
  const udp = createSocket("udp4");
  udp.on("message", (msg, rinfo) => {
    const id = msg.subarray(msg.indexOf(0xa0) + 4, msg.indexOf(0xa0) + 8);
    udp.send(snmpAnswer("GW-7 Linux 5.10 fw 3.0.2", id), rinfo.port, rinfo.address);
  });
  snmpPort = await freePort();
  await new Promise<void>((r) => udp.bind(snmpPort, "127.0.0.1", r));
  stops.push(() => new Promise<void>((r) => udp.close(() => r())));
});
afterAll(async () => {
  for (const s of stops) await s();
  dir.cleanup();
});

const env = { WEB_PW: "pw-1234567", SSH_PW: "ssh-pw-1" };
const services = () => `services:
  - { id: web, protocol: http, port: ${httpPort}, auth: { type: basic, username: admin, passwordEnv: WEB_PW } }
  - { id: shell, protocol: ssh, port: ${sshPort}, auth: { username: root, passwordEnv: SSH_PW } }
`;
const ctxFor = (text: string) =>
  createDeviceContext(parseProfile(text), "127.0.0.1", { baseDir: dir.path, env, timeoutMs: 2000 });

describe("device-info probe", () => {
  it("model by regex over HTTP (with Basic login), version over SSH, compared with a signed manifest", async () => {
    const r = await runDeviceInfoProbe(
      ctxFor(`name: gw
host: 127.0.0.1
${services()}info:
  model: { http: { path: /status, regex: "Model: ([^<]+)<" } }
  version: { ssh: { command: cat /etc/version, regex: "firmware (\\\\S+)" } }
  expect:
    model: GW-7
    manifest: { url: "http://127.0.0.1:${httpPort}/manifest.json", publicKey: vendor.pub }
`),
    );
    expect(r.findings).toMatchObject({
      model: "GW-7",
      version: "3.1.0",
      latestVersion: "3.1.0",
      status: "latest",
    });
    expect(r.verdict).toBe("PASS");
    expect(r.summary.en).toBe("model: GW-7, version: 3.1.0; latest (3.1.0)");
    expect(r.log.every((e) => typeof e.mono === "number")).toBe(true);
  });

  it("SNMP sysDescr; the caller's expectation wins; a wrong model FAILs; update available is INCONCLUSIVE", async () => {
    const ctx = ctxFor(`name: gw
host: 127.0.0.1
${services()}info:
  model: { snmp: { port: ${snmpPort}, regex: "^(\\\\S+)" } }
  version: { snmp: { port: ${snmpPort}, regex: "fw (\\\\S+)" } }
`);
    const r = await runDeviceInfoProbe(ctx, { expect: { model: "GW-8", latestVersion: "3.1.0" } });
    expect(r.findings).toMatchObject({ model: "GW-7", version: "3.0.2", status: "update-available" });
    expect(r.units.map((u) => [u.id, u.verdict])).toEqual([
      ["model-readable", "PASS"],
      ["model-matches", "FAIL"],
      ["version-readable", "PASS"],
      ["version-latest", "INCONCLUSIVE"],
    ]);
    expect(r.summary.ja).toContain("更新があります: 3.0.2 → 3.1.0");
  });

  it("a manifest whose signature does not verify is not used (FAIL, status unknown)", async () => {
    const r = await runDeviceInfoProbe(
      ctxFor(`name: gw
host: 127.0.0.1
${services()}info:
  version: { http: { path: /status, regex: "Firmware v(\\\\S+)<" } }
  expect:
    manifest: { url: "http://127.0.0.1:${httpPort}/forged.json", publicKey: vendor.pub }
`),
    );
    expect(r.findings.status).toBe("unknown");
    expect(r.units.find((u) => u.id === "version-manifest")?.verdict).toBe("FAIL");
    expect(r.verdict).toBe("FAIL");
  });

  it("a wrong password or a missing page is a FAIL to read; an unreachable device is an ERROR", async () => {
    const bad = createDeviceContext(
      parseProfile(`name: gw
host: 127.0.0.1
${services()}info:
  model: { http: { path: /status, regex: "Model: ([^<]+)<" } }
  version: { http: { path: /nothing, json: version } }
`),
      "127.0.0.1",
      { env: { WEB_PW: "wrong", SSH_PW: "x" }, timeoutMs: 1000 },
    );
    const r = await runDeviceInfoProbe(bad);
    expect(r.units.find((u) => u.id === "model-readable")).toMatchObject({ verdict: "FAIL" });
    expect(r.units.find((u) => u.id === "model-readable")?.detail.en).toContain("HTTP 401");
    expect(r.units.find((u) => u.id === "version-readable")?.detail.en).toContain("HTTP 404");
    const closed = await freePort();
    const down = createDeviceContext(
      parseProfile(
        `name: gw\nhost: 127.0.0.1\nservices: [{ id: web, protocol: http, port: ${closed} }]\ninfo: { model: { http: { path: /, json: model } } }\n`,
      ),
      "127.0.0.1",
      { timeoutMs: 1000 },
    );
    expect((await runDeviceInfoProbe(down)).verdict).toBe("ERROR");
  });

  it("compares versions numerically", () => {
    expect(compareVersions("1.10.0", "1.9.2")).toBeGreaterThan(0);
    expect(compareVersions("v2.0", "2.0.0")).toBe(0);
    expect(compareVersions("1.2.3", "1.2.4")).toBeLessThan(0);
  });

  it("parses an SNMP GetResponse and rejects anything else", () => {
    const id = Buffer.from([0x4a, 0x43, 0x53, 0x54]);
    expect(snmpResponseValue(snmpAnswer("Linux cam 5.4", id))).toBe("Linux cam 5.4");
    expect(snmpResponseValue(Buffer.from("nonsense"))).toBeNull();
  });
});

describe("profile keys and actions", () => {
  it("checks the device keys: one source kind, known services, signature or manifest", () => {
    const bad = `name: x
host: 127.0.0.1
services: [{ id: web, protocol: http, port: 80 }]
info:
  model: { http: { path: /a }, snmp: sysDescr }
  version: { mqtt: { topic: v } }
update: { endpoint: { path: /u, service: nope }, publicKey: k.pub, image: i.bin }
actions:
  restart: { command: "true", prompt: { ja: "a", en: "b" } }
`;
    let error: ProfileError | undefined;
    try {
      parseProfile(bad, "x.yaml");
    } catch (e) {
      error = e as ProfileError;
    }
    expect(error).toBeInstanceOf(ProfileError);
    const keys = error?.issues.map((i) => i.key) ?? [];
    expect(keys).toEqual(
      expect.arrayContaining([
        "info.model",
        "info.version.mqtt",
        "update.endpoint.service",
        "update.signature",
        "actions.restart",
      ]),
    );
    expect(error?.format("ja")).toContain("いずれか 1 つ");
  });

  it("a prompt action in a non-interactive run is NOT_RUN with the reason; a command is bounded in time", async () => {
    const ctx = createDeviceContext(
      parseProfile(
        `name: x\nhost: 127.0.0.1\nactions:\n  restart: { prompt: { ja: "電源を抜いて戻す", en: "Unplug and replug" } }\n`,
      ),
      "127.0.0.1",
    );
    const restart = ctx.profile.actions?.restart;
    if (!restart) throw new Error("no action");
    const p = await runAction(ctx, "restart", restart);
    expect(p.status).toBe("not-run");
    expect(p.detail.en).toContain("not interactive");
    expect(p.detail.ja).toContain("電源を抜いて戻す");
    const asked: string[] = [];
    const interactive = {
      ...ctx,
      prompt: async (m: { en: string }) => {
        asked.push(m.en);
        return true;
      },
    };
    expect((await runAction(interactive, "restart", restart)).status).toBe("done");
    expect(asked).toEqual(["Unplug and replug"]);
    const slow = { command: "sleep 5", timeoutSeconds: 1, waitSeconds: 0 };
    const t = Date.now();
    const c = await runAction(ctx, "restart", slow);
    expect(c).toMatchObject({ status: "failed", how: "command exit TIMEOUT" });
    expect(Date.now() - t).toBeLessThan(3000);
    const vars = await runAction(
      ctx,
      "setup",
      { command: 'test "$JCSTAR_NEW_PASSWORD" = "{{newPassword}}"', timeoutSeconds: 5, waitSeconds: 0 },
      { newPassword: "abc123XYZ" },
    );
    expect(vars.status).toBe("done");
  });

  it("templating and fresh passwords", () => {
    expect(
      template({ a: ["{{newPassword}}", 1], b: "x{{ username }}" }, { newPassword: "p", username: "u" }),
    ).toEqual({
      a: ["p", 1],
      b: "xu",
    });
    const a = randomPassword();
    expect(a).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(randomPassword()).not.toBe(a);
  });
});
