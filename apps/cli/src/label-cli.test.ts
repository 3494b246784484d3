import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  getLabelPayload,
  issueLabel,
  loadConfig,
  publicJwks,
  revokeLabel,
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

  it("online: 0 for a valid label, 1 and the reason for a revoked one, 1 for an unknown number", async () => {
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

  it("offline: signature and expiry from the key set file, revocation from a status file", async () => {
    const noStatus = await cli([files.payload, "--jwks", files.jwks]);
    expect(noStatus.stdout).toContain("revocation not checked");
    expect(noStatus.status).toBe(0);
    const withStatus = await cli([files.payload, "--jwks", files.jwks, "--status", files.status]);
    expect(withStatus.stdout).toContain("REVOKED");
    expect(withStatus.status).toBe(1);
    const expired = await cli([files.payload, "--jwks", files.jwks, "--at", "2031-01-01T00:00:00Z"]);
    expect(expired.stdout).toContain("EXPIRED");
    expect(expired.status).toBe(1);
  });

  it("rejects a forged payload (1) and says when it could not check (2)", async () => {
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
});
