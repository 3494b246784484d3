import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ProtocolName } from "../tls/versions.ts";

const IDS: Record<string, ProtocolName> = {
  SSLv2: "SSLv2",
  SSLv3: "SSLv3",
  TLS1: "TLSv1",
  TLS1_1: "TLSv1.1",
  TLS1_2: "TLSv1.2",
  TLS1_3: "TLSv1.3",
};

/** The testssl.sh command on this machine (`testssl` on Debian, `testssl.sh` upstream), or null. */
export function testsslCommand(which: (cmd: string) => string | null): string | null {
  return which("testssl") ?? which("testssl.sh");
}

/**
 * Runs `testssl -p` (protocols only) against 127.0.0.1:port and returns which protocols it found
 * offered, read from its JSON file (`--jsonfile`).
 */
export function testsslProtocols(
  command: string,
  port: number,
  dir: string,
): Promise<Record<ProtocolName, boolean>> {
  const file = join(dir, `testssl-${port}-${Date.now()}.json`);
  const args = [
    "-p",
    "--nodns",
    "min",
    "--warnings",
    "off",
    "--color",
    "0",
    "--jsonfile",
    file,
    `127.0.0.1:${port}`,
  ];
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 240_000, maxBuffer: 8 * 1024 * 1024 }, (error) => {
      let entries: Array<{ id: string; finding: string }>;
      try {
        entries = JSON.parse(readFileSync(file, "utf8"));
      } catch {
        reject(error ?? new Error(`testssl wrote no JSON to ${file}`));
        return;
      }
      const out = {} as Record<ProtocolName, boolean>;
      for (const e of entries) {
        const name = IDS[e.id];
        if (name) out[name] = /^offered/i.test(e.finding);
      }
      resolve(out);
    });
  });
}
