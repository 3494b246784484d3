import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ProxyTrust } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { openTestApp, type TestApp, type TestUser } from "../test-app.ts";

/** A real socket (the peer is 127.0.0.1), so that the address logic sees what it sees behind a proxy. */
async function listen(t: TestApp, proxyTrust: ProxyTrust) {
  const app = createApp({ ...t.deps, proxyTrust });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(testDialects())("client address behind a proxy, over a socket, on %s", (dialect) => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    user = await t.user("editor");
  });
  afterAll(async () => t?.close());

  /** Signs in through the proxy headers given and returns the address the session was recorded with. */
  async function signInFrom(proxyTrust: ProxyTrust, headers: Record<string, string>) {
    const server = await listen(t, proxyTrust);
    try {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ email: user.email, password: user.password }),
      });
      expect(res.status).toBe(200);
      const session = await t.db.db
        .selectFrom("sessions")
        .select(["ip"])
        .where("user_id", "=", user.id)
        .orderBy("created_at", "desc")
        .orderBy("id")
        .execute();
      await t.db.db.deleteFrom("sessions").where("user_id", "=", user.id).execute();
      expect(session).toHaveLength(1);
      return { ip: session[0]?.ip, cookie: res.headers.get("set-cookie") ?? "" };
    } finally {
      await server.close();
    }
  }

  it("takes the last X-Forwarded-For entry with one trusted hop: spoofed left-most entries change nothing", async () => {
    for (const spoof of ["6.6.6.6", "10.0.0.1, 192.168.0.1", "127.0.0.1"]) {
      const seen = await signInFrom({ mode: "one-hop" }, { "x-forwarded-for": `${spoof}, 198.51.100.9` });
      expect(seen.ip, spoof).toBe("198.51.100.9");
    }
  });

  it("walks a CIDR list from the right, and ignores the headers of a peer outside it", async () => {
    const trusted: ProxyTrust = { mode: "cidrs", cidrs: ["127.0.0.0/8", "10.0.0.0/8"] };
    const chain = { "x-forwarded-for": "6.6.6.6, 198.51.100.9, 10.1.2.3", "x-forwarded-proto": "https" };
    const behind = await signInFrom(trusted, chain);
    expect(behind.ip).toBe("198.51.100.9");
    expect(behind.cookie).toMatch(/;\s*Secure/i);
    const outside = await signInFrom({ mode: "cidrs", cidrs: ["10.0.0.0/8"] }, chain);
    expect(outside.ip).toBe("127.0.0.1");
    expect(outside.cookie).not.toMatch(/;\s*Secure/i);
    const direct = await signInFrom({ mode: "none" }, chain);
    expect(direct.ip).toBe("127.0.0.1");
    expect(direct.cookie).not.toMatch(/;\s*Secure/i);
  });
});
