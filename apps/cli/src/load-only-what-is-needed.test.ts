import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packagesOf, runRecorded } from "./testing/run-recorded.ts";

/** What a light command must never load (each costs tens to hundreds of milliseconds and megabytes). */
const HEAVY = [
  "exceljs",
  "pdfkit",
  "fontkit",
  "yazl",
  "yauzl",
  "@aws-sdk",
  "@cyclonedx",
  "ssh2",
  "mqtt",
  "nodemailer",
];

function heavyIn(packages: Set<string>): string[] {
  return [...packages].filter((p) => HEAVY.some((h) => p === h || p.startsWith(`${h}/`)));
}

describe("a light command loads only what it needs", () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    port = address.port;
  });
  afterAll(() => {
    server.close();
  });

  it("jcstar --version loads none of the heavy dependencies", async () => {
    const run = await runRecorded(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe("0.1.0");
    const packages = packagesOf(run.loaded);
    // The recorder saw the loads (it would pass vacuously otherwise).
    expect(run.loaded.some((u) => u.endsWith("/apps/cli/dist/main.js"))).toBe(true);
    expect(heavyIn(packages)).toEqual([]);
  });

  it("jcstar probe ports finds the open port without loading the heavy dependencies", async () => {
    const dir = tempDir();
    const json = join(dir.path, "ports.json");
    const run = await runRecorded([
      "probe",
      "ports",
      "--host",
      "127.0.0.1",
      "--ports",
      `${port}`,
      "--json",
      json,
    ]);
    const result = JSON.parse(readFileSync(json, "utf8")) as unknown;
    dir.cleanup();
    expect(run.code).toBe(0);
    expect(JSON.stringify(result)).toContain(`${port}`);
    expect(run.loaded.some((u) => /\/apps\/cli\/dist\/probe-[^/]+\.js$/.test(u))).toBe(true);
    expect(heavyIn(packagesOf(run.loaded))).toEqual([]);
  });
});
