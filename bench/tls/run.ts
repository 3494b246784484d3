/**
 * Benchmark (outside CI): the tls probe (protocols, weak cipher categories, certificate) against
 * `testssl -p -s -S` on the same openssl s_server (TLS 1.0 only, RSA-1024, self-signed) in one run.
 * Checks both report the same protocols and writes docs/benchmarks.md (section bench:tls).
 *
 *   npx tsx bench/tls/run.ts [rounds=2]
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { selfSignedCert } from "../../packages/probes/src/testing/certs.ts";
import { startServer } from "../../packages/probes/src/testing/processes.ts";
import { runTlsProbe } from "../../packages/probes/src/tls/probe.ts";
import { freePort } from "../../packages/testkit/src/free-port.ts";
import { commitId, median, writeSection } from "../lib/report.ts";

const rounds = Number(process.argv[2] ?? 2);
const testssl = ["testssl", "testssl.sh"].find((c) => {
  try {
    execFileSync("sh", ["-c", `command -v ${c}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
});
if (!testssl) throw new Error("testssl.sh is not installed (apt install testssl.sh)");

const dir = mkdtempSync(join(tmpdir(), "jcstar-bench-tls-"));
const cert = selfSignedCert(dir, "bench", { key: "rsa:1024", days: 30 });
const port = await freePort();
const server = await startServer(
  "openssl",
  [
    "s_server",
    "-accept",
    `127.0.0.1:${port}`,
    "-quiet",
    "-cert",
    cert.cert,
    "-key",
    cert.key,
    "-tls1",
    "-cipher",
    "DEFAULT@SECLEVEL=0",
  ],
  port,
);
const IDS: Record<string, string> = {
  SSLv2: "SSLv2",
  SSLv3: "SSLv3",
  TLS1: "TLSv1",
  TLS1_1: "TLSv1.1",
  TLS1_2: "TLSv1.2",
  TLS1_3: "TLSv1.3",
};
const ARGS = ["-p", "-s", "-S", "--warnings", "off", "--color", "0"];

function runTestssl(file: string): Promise<{ ms: number; protocols: Record<string, boolean> }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      testssl as string,
      [...ARGS, "--jsonfile", file, `127.0.0.1:${port}`],
      { timeout: 600_000, maxBuffer: 32 * 1024 * 1024 },
      () => {
        const ms = performance.now() - started;
        try {
          const entries = JSON.parse(readFileSync(file, "utf8")) as Array<{ id: string; finding: string }>;
          const protocols: Record<string, boolean> = {};
          for (const e of entries) {
            const name = IDS[e.id];
            if (name) protocols[name] = /^offered/i.test(e.finding);
          }
          resolve({ ms, protocols });
        } catch (error) {
          reject(error);
        }
      },
    );
  });
}

const ours: number[] = [];
const theirs: number[] = [];
const mismatches: string[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    const started = performance.now();
    const result = await runTlsProbe({
      address: "127.0.0.1",
      hostName: "127.0.0.1",
      service: { id: "bench", port, protocol: "https" },
    });
    ours.push(performance.now() - started);
    const t = await runTestssl(join(dir, `testssl-${round}.json`));
    theirs.push(t.ms);
    const same =
      JSON.stringify(result.findings.protocols) ===
      JSON.stringify({
        SSLv2: t.protocols.SSLv2,
        SSLv3: t.protocols.SSLv3,
        TLSv1: t.protocols.TLSv1,
        "TLSv1.1": t.protocols["TLSv1.1"],
        "TLSv1.2": t.protocols["TLSv1.2"],
        "TLSv1.3": t.protocols["TLSv1.3"],
      });
    if (!same)
      mismatches.push(
        `round ${round}: jcstar ${JSON.stringify(result.findings.protocols)} / testssl ${JSON.stringify(t.protocols)}`,
      );
    console.error(
      `round ${round}: jcstar ${ours.at(-1)?.toFixed(0)} ms, testssl ${t.ms.toFixed(0)} ms, same protocols=${same}`,
    );
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
const ratio = median(ours) / median(theirs);
const version =
  execFileSync(testssl, ["--version"], { encoding: "utf8" }).match(/testssl\S*\s+(\S+)/)?.[1] ?? "?";
const fmt = (list: number[]) => list.map((v) => v.toFixed(0)).join(", ");
const body = `## TLS inspection / TLS 検査（openssl s_server: TLS 1.0 only, RSA-1024, self-signed）

| | |
|---|---|
| commit | ${commitId()} |
| date / 日時 | ${new Date().toISOString()} |
| machine / 環境 | ${cpus().length} CPU, load average ${loadavg()
  .map((l) => l.toFixed(1))
  .join(" ")} at the end / 終了時の負荷, Node ${process.version}, testssl ${version} |
| jcstar | \`runTlsProbe\` — protocols SSLv2…TLS 1.3, weak cipher categories, certificate (\`npx tsx bench/tls/run.ts ${rounds}\`) |
| testssl | \`${testssl} ${ARGS.join(" ")} --jsonfile FILE 127.0.0.1:PORT\` |
| jcstar ms (each round / 各回) | ${fmt(ours)} (median ${median(ours).toFixed(0)}) |
| testssl ms (each round / 各回) | ${fmt(theirs)} (median ${median(theirs).toFixed(0)}) |
| ratio jcstar / testssl (median) | **${ratio.toPrecision(2)}×** — testssl takes ${(1 / ratio).toFixed(0)}× as long (goal ≤ 0.25× / 目標 0.25 倍以下) |
| same protocol findings / プロトコル判定一致 | ${mismatches.length === 0 ? "yes / 一致" : `NO / 不一致 — ${mismatches.join("; ")}`} |
`;
writeSection(join(import.meta.dirname, "../../docs/benchmarks.md"), "tls", body);
console.log(body);
if (mismatches.length > 0) process.exitCode = 1;
