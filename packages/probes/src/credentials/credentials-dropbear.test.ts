import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { type AddressInfo, connect, createServer } from "node:net";
import { join } from "node:path";
import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBruteForceProbe } from "../brute-force/probe.ts";
import { startServer, type TestServer } from "../testing/processes.ts";

/*
 * A real dropbear server on 127.0.0.1 (foreground, own ed25519 host key in a temp dir). Dropbear has no
 * lockout: it answers each failed password after ~0.3 s and closes the connection after MaxAuthTries (-T)
 * failures, which is no defence — an attacker simply reconnects. It needs root (it reads /etc/shadow). The
 * test account `jcstar-test-<random>` is made for this run (useradd -M with /bin/sh, because dropbear refuses
 * accounts whose shell is not in /etc/shells; chpasswd) and deleted in afterAll; the server forces
 * `/bin/false` as the command and allows no port forwarding, so even a login runs nothing.
 */
const dropbear = which("dropbear");
const tools = ["dropbearkey", "useradd", "userdel", "chpasswd"].every((t) => which(t) !== null);
const isRoot = process.getuid?.() === 0;
const haveDropbear = requireTool(
  "dropbear",
  dropbear !== null && tools && isRoot,
  dropbear === null ? "dropbear not installed (apt install dropbear-bin)" : "needs root and useradd/chpasswd",
);

describe.skipIf(!haveDropbear)(
  "brute-force probe against dropbear (closes after MaxAuthTries, no lockout)",
  () => {
    const dir = tempDir("jcstar-dropbear-");
    const user = `jcstar-test-${randomBytes(4).toString("hex")}`;
    const password = `Db-${randomBytes(6).toString("hex")}`;
    let server: TestServer | null = null;
    let port = 0;
    let userCreated = false;

    beforeAll(async () => {
      execFileSync("useradd", ["-M", "-s", "/bin/sh", user], { stdio: "ignore" });
      userCreated = true;
      execFileSync("chpasswd", [], { input: `${user}:${password}\n`, stdio: ["pipe", "ignore", "ignore"] });
      const hostKey = join(dir.path, "host_ed25519");
      execFileSync("dropbearkey", ["-t", "ed25519", "-f", hostKey], { stdio: "ignore" });
      port = await freePort();
      server = await startServer(
        dropbear as string,
        [
          "-F",
          "-E",
          "-r",
          hostKey,
          "-p",
          `127.0.0.1:${port}`,
          "-T",
          "3",
          "-c",
          "/bin/false",
          "-j",
          "-k",
          "-w",
        ],
        port,
        dir.path,
      );
    });
    afterAll(async () => {
      await server?.stop();
      if (userCreated) execFileSync("userdel", [user], { stdio: "ignore" });
      dir.cleanup();
    });

    it("fast refusals and reconnects after each MaxAuthTries close are no defence: FAIL, not INCONCLUSIVE", async () => {
      const r = await runBruteForceProbe({
        address: "127.0.0.1",
        hostName: "127.0.0.1",
        service: { id: "shell", protocol: "ssh", port, auth: { username: user } },
        password,
        settings: { maxAttempts: 8 },
      });
      expect(r.units.map((u) => [u.id, u.verdict])).toEqual([
        ["valid-login", "PASS"],
        ["defence", "FAIL"],
      ]);
      expect(r.verdict).toBe("FAIL");
      expect(r.findings).toMatchObject({ attempts: 8, refused: 8, errors: 0, failureDelay: null });
      // -T 3: closed after tries 3 and 6 (each a refusal: no USERAUTH_SUCCESS), reconnected for 4 and 7.
      expect(r.findings).toMatchObject({ disconnects: 2, reconnects: 2 });
      const wrong = r.log.filter((e) => e.event === "attempt" && e.kind === "wrong");
      expect(wrong.filter((e) => e.reply === "closed after the password (no USERAUTH_SUCCESS)")).toHaveLength(
        2,
      );
      expect(wrong.filter((e) => e.reconnected === true).map((e) => e.n)).toEqual([4, 7]);
      expect(r.summary.en).toMatch(
        /^undefended: all 8 wrong passwords went through without delay .*2 disconnects/,
      );
    }, 60_000);

    it("the same closes turned into resets by a proxy are network errors: INCONCLUSIVE, never FAIL or PASS", async () => {
      // Forwards to dropbear; when dropbear closes, the client gets a TCP reset instead of a clean close.
      const proxy = createServer((client) => {
        const upstream = connect({ host: "127.0.0.1", port });
        client.pipe(upstream);
        upstream.pipe(client, { end: false });
        upstream.on("end", () => client.resetAndDestroy());
        client.on("close", () => upstream.destroy());
        client.on("error", () => upstream.destroy());
        upstream.on("error", () => client.destroy());
      });
      await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
      try {
        const r = await runBruteForceProbe({
          address: "127.0.0.1",
          hostName: "127.0.0.1",
          service: {
            id: "shell",
            protocol: "ssh",
            port: (proxy.address() as AddressInfo).port,
            auth: { username: user },
          },
          password,
          settings: { maxAttempts: 8 },
        });
        expect(r.units.map((u) => [u.id, u.verdict])).toEqual([
          ["valid-login", "PASS"],
          ["defence", "INCONCLUSIVE"],
        ]);
        expect(r.findings).toMatchObject({ attempts: 8, refused: 6, errors: 2 });
        expect(r.summary.en).toContain("ECONNRESET");
      } finally {
        await new Promise<void>((resolve) => proxy.close(() => resolve()));
      }
    }, 60_000);
  },
);
