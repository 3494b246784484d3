import { createServer, type Server } from "node:net";
import {
  type AppError,
  createDeviceProfile,
  createOrganisation,
  createProduct,
  loadConfig,
  type RequestContext,
  requestDeviceRun,
  writeDeviceTestAllowlist,
} from "@jcstar/core";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareServer, type RunningServer, startServer } from "./start-server.ts";

const profile = (host: string, port: number) => `name: own port
host: "${host}"
scan: { tcp: "${port}", udp: false }
services:
  - { id: web, protocol: http, port: ${port} }
`;

/** A device run is refused when it would touch the server's own port, however the loopback address is spelt. */
describe("server-side device runs never target the server's own port (real server, SQLite)", () => {
  const dir = tempDir("jcstar-own-port-");
  let server: RunningServer;
  let other: Server;
  let otherPort = 0;
  let serverPort = 0;
  let ctx: RequestContext;
  let productId = "";

  beforeAll(async () => {
    const config = loadConfig({ JCSTAR_DATA_DIR: dir.path }, { port: 0, dataDir: dir.path });
    server = await startServer(config, { webDir: null });
    serverPort = Number(new URL(server.url).port);
    other = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    otherPort = (other.address() as { port: number }).port;
    const now = new Date();
    const org = await createOrganisation(server.deps.db, "Maker", now);
    ctx = { orgId: org.id, actor: { id: null, name: "Tester" }, lang: "en" };
    productId = (await createProduct(server.deps, ctx, { name: "CAM", category: "camera" })).id;
    await writeDeviceTestAllowlist(server.deps.db, null, { allowlist: ["127.0.0.0/8", "::1"] }, now);
  });
  afterAll(async () => {
    other?.close();
    await server?.close();
    dir.cleanup();
  });

  async function request(host: string, port: number) {
    const stored = await createDeviceProfile(server.deps, ctx, productId, {
      name: `${host}-${port}`,
      source: profile(host, port),
    });
    return requestDeviceRun(server.deps, ctx, productId, { profileId: stored.id });
  }

  it.each(["localhost", "127.0.0.1", "127.1", "::ffff:127.0.0.1", "127.0.0.2"])(
    "%s with the server's port is refused even though loopback is allowlisted",
    async (host) => {
      const error = (await request(host, serverPort).catch((e: unknown) => e)) as AppError;
      expect(error.code).toBe("DEVICE_TARGET_PLATFORM");
      expect(error.messageIn("en")).toContain(String(serverPort));
      expect(error.messageIn("ja")).toContain("何も送信していません");
    },
  );

  it("another loopback port with a real listener is allowed", async () => {
    const run = await request("localhost", otherPort);
    expect(run.status).toBe("queued");
  });
});

/** `serve --workers N`: each worker (clusterWorker) builds the list from its own bound port, as the single server does. */
describe("a --workers worker knows the port it serves on", () => {
  const dir = tempDir("jcstar-own-port-worker-");
  let server: RunningServer;
  afterAll(async () => {
    await server?.close();
    dir.cleanup();
  });

  it("refuses a run at the worker's port (the primary prepared the database)", async () => {
    const config = loadConfig({ JCSTAR_DATA_DIR: dir.path }, { port: 0, dataDir: dir.path });
    await prepareServer(config);
    server = await startServer(config, { webDir: null, clusterWorker: true });
    const port = Number(new URL(server.url).port);
    expect(server.deps.platform.endpoints).toContainEqual({ service: "server", host: "127.0.0.1", port });
    const now = new Date();
    const org = await createOrganisation(server.deps.db, "Maker", now);
    const ctx: RequestContext = { orgId: org.id, actor: { id: null, name: "Tester" }, lang: "ja" };
    const productId = (await createProduct(server.deps, ctx, { name: "CAM", category: "camera" })).id;
    await writeDeviceTestAllowlist(server.deps.db, null, { allowlist: ["127.0.0.0/8"] }, now);
    const stored = await createDeviceProfile(server.deps, ctx, productId, {
      name: "own",
      source: profile("127.1", port),
    });
    const error = (await requestDeviceRun(server.deps, ctx, productId, { profileId: stored.id }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error.code).toBe("DEVICE_TARGET_PLATFORM");
    expect(error.messageIn("ja")).toContain(`ポート ${port}`);
  });
});
