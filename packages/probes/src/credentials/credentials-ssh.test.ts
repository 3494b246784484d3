import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBruteForceProbe } from "../brute-force/probe.ts";
import { startServer, type TestServer } from "../testing/processes.ts";
import { runDefaultCredentialsProbe } from "./probe.ts";

/*
 * Real OpenSSH servers on 127.0.0.1 with their own configs and host keys. They need root (sshd
 * reads /etc/shadow, and privilege separation needs /run/sshd, created here when missing). The test
 * account `jcstar-test-<random>` is created for this run only (useradd -M -s /usr/sbin/nologin,
 * chpasswd) and deleted in afterAll; the machine's /etc/pam.d is never changed.
 * good: UsePAM yes — Debian's pam_unix delays every failed password by seconds (a real defence);
 * bad: UsePAM no — sshd checks the password itself, without delay. Both close the connection after
 * MaxAuthTries failures, which is no defence: the probe reconnects.
 */
const sshd = which("sshd");
const tools = ["ssh-keygen", "useradd", "userdel", "chpasswd"].every((t) => which(t) !== null);
const isRoot = process.getuid?.() === 0;
const haveSshd = requireTool(
  "sshd",
  sshd !== null && tools && isRoot,
  sshd === null
    ? "openssh-server not installed (apt install openssh-server)"
    : "needs root and useradd/chpasswd",
);

describe.skipIf(!haveSshd)("login probes against OpenSSH: PAM failure delay vs none", () => {
  const dir = tempDir("jcstar-sshd-");
  const user = `jcstar-test-${randomBytes(4).toString("hex")}`;
  const password = `Ssh-${randomBytes(6).toString("hex")}`;
  const servers: TestServer[] = [];
  let good = 0;
  let bad = 0;
  let userCreated = false;

  beforeAll(async () => {
    mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    execFileSync("useradd", ["-M", "-s", "/usr/sbin/nologin", user], { stdio: "ignore" });
    userCreated = true;
    execFileSync("chpasswd", [], { input: `${user}:${password}\n`, stdio: ["pipe", "ignore", "ignore"] });
    const hostKey = join(dir.path, "host_ed25519");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey], { stdio: "ignore" });
    [good, bad] = [await freePort(), await freePort()];
    for (const [port, pam] of [
      [good, "yes"],
      [bad, "no"],
    ] as const) {
      const conf = join(dir.path, `sshd-${port}.conf`);
      writeFileSync(
        conf,
        [
          "ListenAddress 127.0.0.1",
          "PidFile none",
          `HostKey ${hostKey}`,
          `UsePAM ${pam}`,
          "PasswordAuthentication yes",
          "KbdInteractiveAuthentication no",
          "PubkeyAuthentication no",
          "PermitRootLogin no",
          "MaxAuthTries 2",
          `AllowUsers ${user}`,
          "",
        ].join("\n"),
      );
      servers.push(await startServer(sshd as string, ["-D", "-e", "-f", conf, "-p", String(port)], port));
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    if (userCreated) execFileSync("userdel", [user], { stdio: "ignore" });
    dir.cleanup();
  });
  const target = (port: number) => ({
    address: "127.0.0.1",
    hostName: "127.0.0.1",
    service: { id: "shell", protocol: "ssh" as const, port, auth: { username: user } },
  });

  it("default credentials: `none` gets USERAUTH_FAILURE; a pair that is the account's password gets in (FAIL)", async () => {
    const r = await runDefaultCredentialsProbe({
      ...target(bad),
      pairs: [
        { username: "root", password: "xc3511", source: "mirai" },
        { username: "admin", password: "admin", source: "mirai" },
      ],
      settings: { extra: [`${user}:${password}`] },
    });
    expect(r.units.find((u) => u.id === "anonymous")).toMatchObject({ verdict: "PASS" });
    expect(r.findings.anonymous).toEqual({ "auth method none": "refused: USERAUTH_FAILURE (password)" });
    expect(r.verdict).toBe("FAIL");
    expect(r.findings).toMatchObject({ tried: 1, accepted: { username: user, source: "extra" } });
  });

  it("brute force without PAM: fast refusals, reconnects after MaxAuthTries, undefended (FAIL)", async () => {
    const r = await runBruteForceProbe({ ...target(bad), password, settings: { maxAttempts: 6 } });
    expect(r.units.map((u) => [u.id, u.verdict])).toEqual([
      ["valid-login", "PASS"],
      ["defence", "FAIL"],
    ]);
    expect(r.findings).toMatchObject({ attempts: 6, refused: 6, reconnects: 2, failureDelay: null });
    const wrong = r.log.filter((e) => e.event === "attempt" && e.kind === "wrong");
    expect(wrong.map((e) => e.reply)).toContain("DISCONNECT: Too many authentication failures");
  }, 30_000);

  it("brute force with Debian's PAM: every failed password takes ≥ 1 s (PASS)", async () => {
    const r = await runBruteForceProbe({ ...target(good), password, settings: { maxAttempts: 3 } });
    expect(r.verdict).toBe("PASS");
    expect(r.summary.en).toMatch(
      /^defence seen: each failed attempt took ≥ 1 s from attempt 1 \(median \d+\.\d s; valid login \d+ ms\)$/,
    );
    expect(r.findings).toMatchObject({
      attempts: 3,
      refused: 3,
      reconnects: 1,
      failureDelay: { fromAttempt: 1 },
    });
  }, 60_000);
});
