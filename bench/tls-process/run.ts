/**
 * Benchmark (outside CI), whole processes: `jcstar probe run PROFILE --only tls` (protocols SSLv2…TLS 1.3, weak
 * cipher categories, certificate — every TLS check of the probe) against `sslscan` (which also enumerates
 * every cipher suite) on the same openssl s_server (TLS 1.2 and 1.3, RSA-2048, self-signed), A B A B. Asserts
 * both report the same protocols. Writes docs/benchmarks.md (section bench:tls-process).
 *
 *   npx tsx bench/tls-process/run.ts [rounds=5]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { selfSignedCert } from "../../packages/probes/src/testing/certs.ts";
import { startServer } from "../../packages/probes/src/testing/processes.ts";
import { freePort } from "../../packages/testkit/src/free-port.ts";
import {
  abab,
  JCSTAR,
  loadNow,
  machine,
  type ProcessRun,
  raw,
  spread,
  timeProcess,
  verdict,
} from "../lib/process-timing.ts";
import { commitId, median, writeSection } from "../lib/report.ts";

const rounds = Number(process.argv[2] ?? 5);
execFileSync(process.execPath, [join(import.meta.dirname, "../../apps/cli/scripts/build.mjs")], {
  stdio: "inherit",
});
const dir = mkdtempSync(join(tmpdir(), "jcstar-bench-tls-process-"));
const cert = selfSignedCert(dir, "bench", { key: "rsa:2048", days: 30 });
const port = await freePort();
const server = await startServer(
  "openssl",
  ["s_server", "-accept", `127.0.0.1:${port}`, "-quiet", "-cert", cert.cert, "-key", cert.key],
  port,
);
const profile = join(dir, "profile.yaml");
writeFileSync(
  profile,
  [
    "name: TLS bench",
    "host: 127.0.0.1",
    "declaredPorts:",
    `  - { port: ${port}, protocol: tcp, purpose: web }`,
    "services:",
    `  - { id: web, protocol: https, port: ${port} }`,
    "",
  ].join("\n"),
);
const json = join(dir, "run.json");
const xml = join(dir, "sslscan.xml");
const JCSTAR_ARGS = ["probe", "run", profile, "--only", "tls", "--json", json, "--lang", "en"];
const SSLSCAN = ["--no-colour", `--xml=${xml}`, `127.0.0.1:${port}`];
const NAMES: Record<string, string> = {
  "ssl 2": "SSLv2",
  "ssl 3": "SSLv3",
  "tls 1.0": "TLSv1",
  "tls 1.1": "TLSv1.1",
  "tls 1.2": "TLSv1.2",
  "tls 1.3": "TLSv1.3",
};
const runSchema = z.object({
  results: z.array(
    z.object({ probe: z.string(), findings: z.object({ protocols: z.record(z.string(), z.boolean()) }) }),
  ),
});

function ourProtocols(): Record<string, boolean> {
  const run = runSchema.parse(JSON.parse(readFileSync(json, "utf8")));
  return run.results.find((r) => r.probe === "tls")?.findings.protocols ?? {};
}

function sslscanProtocols(): Record<string, boolean> {
  const found: Record<string, boolean> = {};
  const text = readFileSync(xml, "utf8");
  for (const m of text.matchAll(/<protocol type="(\w+)" version="([\d.]+)" enabled="(\d)"/g)) {
    const name = NAMES[`${m[1]} ${m[2]}`];
    if (name) found[name] = m[3] === "1";
  }
  return found;
}

let protocols: Record<string, boolean> = {};
function compare(a: ProcessRun): string | null {
  const ours = ourProtocols();
  const theirs = sslscanProtocols();
  protocols = ours;
  const names = Object.values(NAMES);
  const differ = names.filter((n) => ours[n] !== theirs[n]);
  if (a.code !== 0 && a.code !== 1) return `jcstar exit ${a.code}: ${a.stderr.slice(-300)}`;
  return differ.length ? `jcstar ${JSON.stringify(ours)} / sslscan ${JSON.stringify(theirs)}` : null;
}

const startLoad = loadNow();
let result: Awaited<ReturnType<typeof abab>>;
try {
  result = await abab(
    rounds,
    () => timeProcess(process.execPath, [JCSTAR, ...JCSTAR_ARGS]),
    () => timeProcess("sslscan", SSLSCAN),
    compare,
  );
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
const ms = (runs: ProcessRun[]) => runs.map((r) => r.ms);
const mib = (runs: ProcessRun[]) => runs.map((r) => r.peakMiB);
const ratio = median(ms(result.a)) / median(ms(result.b));
const version =
  /\d+\.\d+\.\d+/.exec(execFileSync("sslscan", ["--version"], { encoding: "utf8" }))?.[0] ?? "?";
const accepted = Object.entries(protocols)
  .filter(([, on]) => on)
  .map(([name]) => name);
const body = `## TLS inspection, whole process / TLS 検査（プロセス全体、openssl s_server: TLS 1.2 + 1.3, RSA-2048, self-signed）

| | |
|---|---|
| commit | ${commitId()} |
| date / 日時 | ${new Date().toISOString()} |
| machine / 環境 | ${machine(startLoad, `sslscan ${version}`)} |
| script | \`npx tsx bench/tls-process/run.ts ${rounds}\` — A B A B, wall time spawn → exit, peak RSS from \`/usr/bin/time -v\` |
| A jcstar | \`node apps/cli/bin/jcstar.js probe run PROFILE --only tls --json FILE --lang en\` — protocols SSLv2…TLS 1.3, weak cipher categories, certificate |
| B sslscan | \`sslscan --no-colour --xml=FILE 127.0.0.1:PORT\` (also enumerates every cipher suite) |
| A ms min / median / max | ${spread(ms(result.a))} (${raw(ms(result.a))}) |
| B ms min / median / max | ${spread(ms(result.b))} (${raw(ms(result.b))}) |
| A peak RSS MiB min / median / max | ${spread(mib(result.a))} |
| B peak RSS MiB min / median / max | ${spread(mib(result.b))} |
| ratio A / B (median) | **${ratio.toFixed(2)}×** |
| goal ≤ 1.0× sslscan / 目標 | ${verdict(ratio, 1, "×")} |
| same protocol findings / プロトコル判定一致 | ${result.mismatches.length === 0 ? `yes / 一致 (accepted: ${accepted.join(", ")})` : `NO / 不一致 — ${result.mismatches.join("; ")}`} |
`;
writeSection(join(import.meta.dirname, "../../docs/benchmarks.md"), "tls-process", body);
console.log(body);
if (result.mismatches.length > 0) process.exitCode = 1;
