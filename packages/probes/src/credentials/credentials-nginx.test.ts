import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBruteForceProbe } from "../brute-force/probe.ts";
import { startServer, type TestServer, waitForPort } from "../testing/processes.ts";
import { runDefaultCredentialsProbe } from "./probe.ts";

const nginx = which("nginx");
const htpasswd = which("htpasswd");
const haveNginx = requireTool(
  "nginx",
  nginx !== null && htpasswd !== null,
  "nginx or htpasswd not installed (apt install nginx-light apache2-utils)",
);

const PAIRS = [
  { username: "root", password: "xc3511", source: "mirai" },
  { username: "admin", password: "admin", source: "mirai" },
  { username: "root", password: "vizxv", source: "mirai" },
];

describe.skipIf(!haveNginx)("login probes against nginx basic auth, with and without limit_req", () => {
  const dir = tempDir("jcstar-nginx-cred-");
  let server: TestServer | undefined;
  let plain = 0; // basic auth, no rate limit, a user admin/admin
  let strong = 0; // basic auth, no rate limit, a unique password
  let limited = 0; // basic auth behind limit_req (429)
  const password = `Web-${process.pid}-${Date.now().toString(36)}`;

  beforeAll(async () => {
    [plain, strong, limited] = [await freePort(), await freePort(), await freePort()];
    const weak = join(dir.path, "weak.htpasswd");
    const good = join(dir.path, "good.htpasswd");
    execFileSync(htpasswd as string, ["-b", "-c", weak, "admin", "admin"], { stdio: "ignore" });
    execFileSync(htpasswd as string, ["-b", "-c", good, "operator", password], { stdio: "ignore" });
    const tmp = join(dir.path, "tmp");
    mkdirSync(tmp);
    // Static files: nginx's \`return\` runs before auth_basic and limit_req, a file is served after them.
    const www = join(dir.path, "www");
    mkdirSync(www);
    writeFileSync(join(www, "index.html"), "<h1>camera</h1>\n");
    writeFileSync(join(www, "status"), '{"model":"CAM-100"}\n');
    const conf = join(dir.path, "nginx.conf");
    writeFileSync(
      conf,
      `worker_processes 1;
user root;
error_log ${dir.path}/error.log;
pid ${dir.path}/nginx.pid;
events { worker_connections 128; }
http {
  access_log off;
  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy; fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;
  limit_req_zone $binary_remote_addr zone=login:1m rate=30r/m;
  server {
    listen 127.0.0.1:${plain};
    root ${www};
    location / { auth_basic "cam"; auth_basic_user_file ${weak}; }
    location = /status { }
  }
  server {
    listen 127.0.0.1:${strong};
    root ${www};
    location / { auth_basic "cam"; auth_basic_user_file ${good}; }
  }
  server {
    listen 127.0.0.1:${limited};
    limit_req zone=login burst=3 nodelay;
    limit_req_status 429;
    root ${www};
    location / { auth_basic "cam"; auth_basic_user_file ${good}; }
  }
}
`,
    );
    server = await startServer(
      nginx as string,
      ["-p", dir.path, "-e", `${dir.path}/error.log`, "-c", conf, "-g", "daemon off;"],
      plain,
    );
    await waitForPort(strong);
    await waitForPort(limited);
  });
  afterAll(async () => {
    await server?.stop();
    dir.cleanup();
  });
  const target = (port: number, username: string) => ({
    address: "127.0.0.1",
    hostName: "127.0.0.1",
    service: {
      id: "web",
      protocol: "http" as const,
      port,
      auth: { type: "basic" as const, path: "/", username },
    },
  });

  it("admin/admin gets in (FAIL); a path that needs no login is reported when declared protected", async () => {
    const r = await runDefaultCredentialsProbe({
      ...target(plain, "admin"),
      pairs: PAIRS,
      settings: { protectedPaths: ["/status"] },
    });
    expect(r.verdict).toBe("FAIL");
    expect(r.findings.accepted).toMatchObject({ username: "admin", password: "admin" });
    expect(r.units.find((u) => u.id === "anonymous")).toMatchObject({ verdict: "FAIL" });
    expect(r.units.find((u) => u.id === "anonymous")?.detail.en).toContain(
      "GET /status without credentials (HTTP 200)",
    );
  });

  it("a unique password: every pair refused with 401 (PASS)", async () => {
    const r = await runDefaultCredentialsProbe({ ...target(strong, "operator"), pairs: PAIRS });
    expect(r.verdict).toBe("PASS");
    expect(r.findings).toMatchObject({ refused: 10, replies: { "401": 10 }, throttled: null });
  });

  it("behind limit_req the attempts are throttled: said so, and INCONCLUSIVE (untried pairs are no refusals)", async () => {
    const r = await runDefaultCredentialsProbe({ ...target(limited, "operator"), pairs: PAIRS });
    expect(r.verdict).toBe("INCONCLUSIVE");
    expect(r.findings.throttled).toMatchObject({ reply: "HTTP 429" });
    expect(r.summary.en).toContain("the device throttled the attempts (HTTP 429)");
    await new Promise((resolve) => setTimeout(resolve, 8000)); // let the bucket refill for the next test
  }, 20_000);

  it("brute force without limit_req: undefended (FAIL)", async () => {
    const r = await runBruteForceProbe({
      ...target(strong, "operator"),
      password,
      settings: { maxAttempts: 10 },
    });
    expect(r.verdict).toBe("FAIL");
    expect(r.findings).toMatchObject({ attempts: 10, replies: { "401": 10 }, defence: "none" });
  });

  it("brute force with limit_req: 429 after a few attempts, valid password refused, lockout measured (PASS)", async () => {
    const r = await runBruteForceProbe({
      ...target(limited, "operator"),
      password,
      settings: { maxAttempts: 10, lockoutProbeSeconds: 10 },
    });
    expect(r.units.map((u) => [u.id, u.verdict])).toEqual([
      ["valid-login", "PASS"],
      ["defence", "PASS"],
      ["valid-during-lockout", "PASS"],
      ["lockout-duration", "PASS"],
    ]);
    expect(r.findings.lockout).toMatchObject({
      kind: "throttle",
      reply: "HTTP 429",
      validPasswordRefused: true,
    });
    expect(r.summary.en).toMatch(
      /^defence seen: HTTP 429 after [1-4] attempts?, lockout ≈ [\d.]+ s, valid password refused during lockout$/,
    );
    const attempts = r.log.filter((e) => e.event === "attempt");
    expect(attempts.map((e) => e.kind)).toContain("valid-during-lockout");
    for (const e of attempts) expect(e).toHaveProperty("latencyMs");
  }, 30_000);
});
