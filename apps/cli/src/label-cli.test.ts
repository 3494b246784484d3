import { execFile } from "node:child_process";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import {
  getLabelPayload,
  issueLabel,
  type Jwks,
  type LabelClaim,
  loadConfig,
  publicJwks,
  revokeLabel,
  signLabel,
  signStatusList,
  type VerifyLabelOptions,
  verdictExitCode,
  verifyLabel,
  writePublicUrlSetting,
} from "@jcstar/core";
import { type RunningServer, startServer } from "@jcstar/server";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../bin/jcstar.js");
/** Runs the CLI without blocking this process (the server under test lives in it). */
const cli = (args: string[]) =>
  new Promise<{ status: number | null; stdout: string }>((done) => {
    execFile(
      process.execPath,
      [BIN, "label", "verify", ...args],
      { encoding: "utf8", timeout: 120_000 },
      (error, stdout) =>
        done({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout }),
    );
  });

/** What `jcstar label verify` decides, run in this process (the CLI itself is run for some cases of each kind). */
async function verdict(target: string, extra: Partial<VerifyLabelOptions> = {}) {
  const v = await verifyLabel(target, { now: new Date(), ...extra });
  return { ...v, code: verdictExitCode(v) };
}

type Answer = { status: number; body?: string; location?: string };

/** A plain HTTP server on 127.0.0.1, port 0, answering from a table path → answer that the test fills in. */
async function fakeOrigin(): Promise<{
  url: string;
  routes: Map<string, Answer>;
  close: () => Promise<void>;
}> {
  const routes = new Map<string, Answer>();
  const server: Server = createServer((req, res) => {
    const a = routes.get(req.url ?? "") ?? { status: 404, body: "not here" };
    res.writeHead(a.status, a.location ? { location: a.location } : {});
    res.end(a.body ?? "");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** An Ed25519 label key that is not the registry's: what a forger holds. */
function foreignKey(kid: string): { key: { kid: string; privateKey: KeyObject }; jwks: Jwks } {
  const pair = generateKeyPairSync("ed25519");
  const jwk = pair.publicKey.export({ format: "jwk" }) as { kty: string; crv: string; x: string };
  return {
    key: { kid, privateKey: pair.privateKey },
    jwks: { keys: [{ kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: "EdDSA", use: "sig" }] },
  };
}

function claimAt(base: string, registrationNumber: string): LabelClaim {
  return {
    registrationNumber,
    starLevel: 1,
    product: "Fake camera",
    maker: "Forger",
    modelNumbers: [],
    validFrom: "2026-01-01",
    validUntil: "2099-12-31",
    url: `${base}/registry/${registrationNumber}`,
    registry: "Fake",
    sandbox: false,
  };
}

describe("jcstar label verify", () => {
  const dir = tempDir("jcstar-label-cli-");
  let server: RunningServer;
  let valid: string;
  let revoked: string;
  const files = {
    jwks: join(dir.path, "jwks.json"),
    status: join(dir.path, "status.jws"),
    payload: join(dir.path, "l.jws"),
  };

  beforeAll(async () => {
    server = await startServer(loadConfig({}, { port: 0, dataDir: dir.path }), { webDir: null });
    const operator = { id: null, name: "operator" };
    // The admin's public URL (as /setup saves it): labels and the status list name this server.
    await writePublicUrlSetting(server.deps.db, server.url, new Date());
    valid = (await issueLabel(server.deps, operator, { product: "Camera", maker: "Maker" }))
      .registrationNumber;
    revoked = (await issueLabel(server.deps, operator, { product: "Router", maker: "Maker" }))
      .registrationNumber;
    await revokeLabel(server.deps, operator, { registrationNumber: revoked, reason: "Unpatched telnet" });
    writeFileSync(files.jwks, JSON.stringify(await publicJwks(server.deps.db)));
    writeFileSync(files.status, await (await fetch(`${server.url}/api/registry/status-list`)).text());
    writeFileSync(files.payload, await getLabelPayload(server.deps.db, "en", revoked));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    dir.cleanup();
  });

  it("online: 0 for a valid label, 1 and the reason for a revoked one, 1 for an unknown number", {
    timeout: 120_000,
  }, async () => {
    const ok = await cli([`${server.url}/registry/${valid}`]);
    expect(ok.stdout).toContain("VALID");
    expect(ok.stdout).toContain("Camera");
    expect(ok.status).toBe(0);
    const bad = await cli([`${server.url}/registry/${revoked}`]);
    expect(bad.stdout).toContain("REVOKED");
    expect(bad.stdout).toContain("Unpatched telnet");
    expect(bad.status).toBe(1);
    const unknown = await cli([`${server.url}/registry/NOPE-1`]);
    expect(unknown.stdout).toContain("not in the registry");
    expect(unknown.status).toBe(1);
  });

  it("offline: signature and expiry from the key set file, revocation from a status file", {
    timeout: 120_000,
  }, async () => {
    // Without a checked status list the label may be revoked: 2 (could not check), never 0.
    const noStatus = await cli([files.payload, "--jwks", files.jwks]);
    expect(noStatus.stdout).toContain("revocation not checked");
    expect(noStatus.status).toBe(2);
    const genuine = join(dir.path, "genuine.jws");
    writeFileSync(genuine, await getLabelPayload(server.deps.db, "en", valid));
    expect(await verdict(genuine, { jwks: files.jwks })).toMatchObject({ statusChecked: false, code: 2 });
    const checked = await cli([genuine, "--jwks", files.jwks, "--status", files.status]);
    expect(checked.stdout).toContain("VALID");
    expect(checked.status).toBe(0);
    // The trusted registry given with --issuer must be the one that signed it.
    const otherIssuer = await cli([
      genuine,
      "--jwks",
      files.jwks,
      "--status",
      files.status,
      "--issuer",
      "https://registry.example.jp",
    ]);
    expect(otherIssuer.stdout).toContain("FORGED");
    expect(otherIssuer.status).toBe(1);
    const sameIssuer = { jwks: files.jwks, status: files.status, issuer: `${server.url}/` };
    expect(await verdict(genuine, sameIssuer)).toMatchObject({ outcome: "valid", code: 0 });
    const withStatus = await cli([files.payload, "--jwks", files.jwks, "--status", files.status]);
    expect(withStatus.stdout).toContain("REVOKED");
    expect(withStatus.status).toBe(1);
    const expired = await cli([files.payload, "--jwks", files.jwks, "--at", "2031-01-01T00:00:00Z"]);
    expect(expired.stdout).toContain("EXPIRED");
    expect(expired.status).toBe(1);
  });

  it("rejects a forged payload (1) and says when it could not check (2)", { timeout: 120_000 }, async () => {
    const jws = await getLabelPayload(server.deps.db, "en", valid);
    const [h, p, s] = jws.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    claims.label.validUntil = "2099-12-31";
    claims.exp = 4102444800;
    const forgedFile = join(dir.path, "forged.jws");
    writeFileSync(forgedFile, [h, Buffer.from(JSON.stringify(claims)).toString("base64url"), s].join("."));
    const forged = await cli([forgedFile, "--jwks", files.jwks]);
    expect(forged.stdout).toContain("FORGED");
    expect(forged.status).toBe(1);

    const noKeys = await cli([files.payload]);
    expect(noKeys.stdout).toContain("--jwks");
    expect(noKeys.status).toBe(2);
    const down = await cli(["http://127.0.0.1:9/registry/X-1"]);
    expect(down.stdout).toContain("COULD NOT CHECK");
    expect(down.status).toBe(2);
    const badStatus = await cli([files.payload, "--jwks", files.jwks, "--status", files.jwks]);
    expect(badStatus.status).toBe(2);
  });

  describe("checks the issuer: keys and status list only from the origin of iss", () => {
    let b: Awaited<ReturnType<typeof fakeOrigin>>;
    let c: Awaited<ReturnType<typeof fakeOrigin>>;
    const forger = foreignKey("forger");
    const fakeB = foreignKey("registry-b");
    const payloadPath = (n: string) => `/api/registry/labels/${n}/payload`;

    beforeAll(async () => {
      b = await fakeOrigin();
      c = await fakeOrigin();
    });
    afterAll(async () => {
      await b?.close();
      await c?.close();
    });

    /** Origin B as a registry of its own: labels with iss B signed by B's key, B's key set and status list. */
    async function registryB(n: string, key = fakeB.key) {
      const now = new Date();
      b.routes.set(payloadPath(n), {
        status: 200,
        body: await signLabel(key, claimAt(b.url, n), b.url, now),
      });
      b.routes.set("/.well-known/jwks.json", { status: 200, body: JSON.stringify(fakeB.jwks) });
      b.routes.set("/api/registry/status-list", {
        status: 200,
        body: await signStatusList(fakeB.key, b.url, [], now),
      });
    }

    it("refuses a label of registry A served from origin B (with A's own keys and status list copied): FORGED", async () => {
      const genuine = await getLabelPayload(server.deps.db, "en", valid);
      b.routes.set(payloadPath(valid), { status: 200, body: genuine });
      b.routes.set("/.well-known/jwks.json", {
        status: 200,
        body: JSON.stringify(await publicJwks(server.deps.db)),
      });
      b.routes.set("/api/registry/status-list", {
        status: 200,
        body: await (await fetch(`${server.url}/api/registry/status-list`)).text(),
      });
      const served = await cli([`${b.url}/registry/${valid}`]);
      expect(served.stdout).toContain("FORGED");
      expect(served.stdout).toContain(server.url);
      expect(served.status).toBe(1);
      // A label whose iss is A but signed by a forger, served from B with the forger's key set: FORGED.
      const forged = await signLabel(forger.key, claimAt(server.url, "JCS-FAKE-1"), server.url, new Date());
      b.routes.set(payloadPath("JCS-FAKE-1"), { status: 200, body: forged });
      b.routes.set("/.well-known/jwks.json", { status: 200, body: JSON.stringify(forger.jwks) });
      expect(await verdict(`${b.url}/registry/JCS-FAKE-1`)).toMatchObject({ outcome: "forged", code: 1 });
      // Trusting A with --issuer while the URL names B: FORGED as well.
      expect(await verdict(`${b.url}/registry/${valid}`, { issuer: server.url })).toMatchObject({
        outcome: "forged",
        code: 1,
      });
      // …and the genuine label at A, checked against A, is VALID.
      expect(await verdict(`${server.url}/registry/${valid}`, { issuer: server.url })).toMatchObject({
        outcome: "valid",
        code: 0,
      });
    });

    it("follows redirects on the same origin only: a redirect to another origin is refused", async () => {
      await registryB("B-1");
      // Same origin: followed (bounded), and a genuine label of registry B is VALID.
      b.routes.set("/registry-moved/status", {
        status: 200,
        body: b.routes.get("/api/registry/status-list")?.body ?? "",
      });
      b.routes.set("/api/registry/status-list", { status: 302, location: "/registry-moved/status" });
      expect(await verdict(`${b.url}/registry/B-1`)).toMatchObject({ outcome: "valid", code: 0 });
      // The payload sent on to registry A's genuine payload: refused, never fetched from A.
      b.routes.set(payloadPath(valid), { status: 302, location: `${server.url}${payloadPath(valid)}` });
      b.routes.set("/.well-known/jwks.json", {
        status: 200,
        body: JSON.stringify(await publicJwks(server.deps.db)),
      });
      b.routes.set("/api/registry/status-list", {
        status: 200,
        body: await (await fetch(`${server.url}/api/registry/status-list`)).text(),
      });
      const moved = await cli([`${b.url}/registry/${valid}`]);
      expect(moved.stdout).toContain("another origin");
      expect(moved.stdout).not.toContain("VALID");
      expect(moved.status).toBe(1);
      // B's key set sent on to origin C that serves the forger's keys: refused (keys only from B).
      const forged = await signLabel(forger.key, claimAt(b.url, "B-2"), b.url, new Date());
      b.routes.set(payloadPath("B-2"), { status: 200, body: forged });
      b.routes.set("/.well-known/jwks.json", { status: 307, location: `${c.url}/jwks.json` });
      c.routes.set("/jwks.json", { status: 200, body: JSON.stringify(forger.jwks) });
      expect(await verdict(`${b.url}/registry/B-2`)).toMatchObject({
        outcome: "unchecked",
        reason: expect.stringContaining("another origin"),
        code: 2,
      });
      // --jwks on another origin than the issuer's is never fetched either.
      b.routes.set("/.well-known/jwks.json", { status: 200, body: JSON.stringify(fakeB.jwks) });
      expect(await verdict(`${b.url}/registry/B-2`, { jwks: `${c.url}/jwks.json` })).toMatchObject({
        outcome: "unchecked",
        reason: expect.stringContaining("not on the issuer's origin"),
        code: 2,
      });
      // With B's own keys, the forger's signature is what it is.
      expect(await verdict(`${b.url}/registry/B-2`)).toMatchObject({ outcome: "forged", code: 1 });
      // An endless same-origin loop is bounded.
      b.routes.set("/loop", { status: 302, location: "/loop" });
      b.routes.set(payloadPath("B-3"), { status: 302, location: "/loop" });
      expect(await verdict(`${b.url}/registry/B-3`)).toMatchObject({
        outcome: "unchecked",
        reason: expect.stringContaining("redirects"),
        code: 2,
      });
    });

    it("calls a label signed by a key missing from its issuer's key set FORGED", async () => {
      await registryB("B-4", forger.key);
      const res = await cli([`${b.url}/registry/B-4`]);
      expect(res.stdout).toContain("FORGED");
      expect(res.status).toBe(1);
      // The forger's kid made to look like B's key: the signature does not match.
      await registryB("B-5", { ...forger.key, kid: "registry-b" });
      expect(await verdict(`${b.url}/registry/B-5`)).toMatchObject({ outcome: "forged", code: 1 });
    });
  });
});
