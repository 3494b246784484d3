import { spawnSync } from "node:child_process";
import { request } from "node:https";
import { join } from "node:path";
import { createUser, loadConfig } from "@jcstar/core";
import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "./start-server.ts";

const haveOpenssl = requireTool("openssl", which("openssl") !== null, "install the Debian package openssl");

function httpsJson(
  url: string,
  ca: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? "GET",
        ca,
        servername: "127.0.0.1",
        headers: { "content-type": "application/json", ...init.headers },
      },
      (res) => {
        let body = "";
        res.on("data", (c) => {
          body += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    if (init.body !== undefined) req.write(JSON.stringify(init.body));
    req.end();
  });
}

describe.skipIf(!haveOpenssl)("HTTPS and password-reset e-mail", () => {
  const dir = tempDir();
  let server: RunningServer;
  let ca: string;
  const mails: { to: string; text: string }[] = [];
  let smtp: SMTPServer;
  let smtpPort: number;

  beforeAll(async () => {
    const cert = join(dir.path, "cert.pem");
    const key = join(dir.path, "key.pem");
    const made = spawnSync("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ]);
    expect(made.status, String(made.stderr)).toBe(0);
    ca = spawnSync("cat", [cert], { encoding: "utf8" }).stdout;
    smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        let text = "";
        stream.on("data", (c) => {
          text += c;
        });
        stream.on("end", () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), text });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));
    const config = loadConfig({ JCSTAR_DATA_DIR: dir.path }, { port: 0, dataDir: dir.path });
    server = await startServer(config, { tls: { certFile: cert, keyFile: key }, webDir: null });
  });
  afterAll(async () => {
    await server?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    dir.cleanup();
  });

  it("serves HTTPS with Secure session cookies", async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await httpsJson(`${server.url}/api/health`, ca);
    expect(JSON.parse(health.body)).toEqual({ status: "ok" });
    expect(health.headers["strict-transport-security"]).toBeTruthy();
    await createUser(
      server.deps.db,
      { email: "tls@example.jp", name: "T", password: "a long tls passphrase" },
      new Date(),
    );
    const login = await httpsJson(`${server.url}/api/auth/login`, ca, {
      method: "POST",
      body: { email: "tls@example.jp", password: "a long tls passphrase" },
    });
    expect(login.status).toBe(200);
    expect(String(login.headers["set-cookie"])).toMatch(/;\s*Secure/i);
  });

  it("sends a password-reset link by e-mail when SMTP is configured, and answers the same for unknown addresses", async () => {
    const db = server.deps.db;
    await createUser(
      db,
      { email: "forgot@example.jp", name: "F", password: "an old long passphrase" },
      new Date(),
    );
    const { writeSettings } = await import("@jcstar/core");
    await writeSettings(
      db,
      server.deps.instanceKey,
      // The public URL links point to, as the admin confirmed it at /setup.
      { smtp: { host: "127.0.0.1", port: smtpPort, from: "jcstar@example.jp" }, publicUrl: server.url },
      new Date(),
    );
    const known = await httpsJson(`${server.url}/api/auth/password-reset/request`, ca, {
      method: "POST",
      body: { email: "forgot@example.jp" },
      // On a real socket the request URL is built from Host: the link must still name the configured URL.
      headers: { "accept-language": "en", host: "evil.example", "x-forwarded-host": "evil2.example" },
    });
    const unknown = await httpsJson(`${server.url}/api/auth/password-reset/request`, ca, {
      method: "POST",
      body: { email: "nobody@example.jp" },
    });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toBe(unknown.body);
    // The e-mail goes out from the server's job worker, after the answer.
    for (let i = 0; i < 100 && mails.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toBe("forgot@example.jp");
    const link = /https:\/\/127\.0\.0\.1:\d+\/reset\/([A-Za-z0-9_-]+)/.exec(
      mails[0]?.text.replace(/=\r?\n/g, "") ?? "",
    );
    expect(link?.[1], mails[0]?.text).toBeTruthy();
    expect(mails[0]?.text).not.toContain("evil");
    const reset = await httpsJson(`${server.url}/api/auth/password-reset`, ca, {
      method: "POST",
      body: { token: link?.[1], password: "a fresh long passphrase" },
    });
    expect(reset.status).toBe(204);
    const login = await httpsJson(`${server.url}/api/auth/login`, ca, {
      method: "POST",
      body: { email: "forgot@example.jp", password: "a fresh long passphrase" },
    });
    expect(login.status).toBe(200);
  });
});
