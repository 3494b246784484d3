/**
 * Benchmark (outside CI): the application package. A product with N evidence files (default 200 × 2.5 MiB of
 * random data ≈ 500 MiB) linked to its criteria, a filled application form and an owner's sign-off; then, side by
 * side, `zip -r -0` of the same 200 files (the package stores evidence files, as `zip -0` does) and
 * POST /api/products/:id/packages on a real server in a child process (`jcstar serve`), whose resident memory is
 * sampled every 50 ms (and VmHWM read at the end). Writes docs/benchmarks.md (section bench:package).
 *
 *   npx tsx bench/package/run.ts [files=200] [fileKiB=2560] [rounds=5]
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes, randomFillSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import {
  createApiToken,
  createAssessment,
  createDb,
  createEvidence,
  createOrganisation,
  createProduct,
  createUser,
  getApplicationForm,
  loadCatalog,
  loadConfig,
  migrateToLatest,
  saveApplicationForm,
  setCriterionResult,
  signOff,
  uploadEvidence,
} from "@jcstar/core";
import { commitId, median, writeSection } from "../lib/report.ts";

const ROOT = join(import.meta.dirname, "../..");
const files = Number(process.argv[2] ?? 200);
const fileKiB = Number(process.argv[3] ?? 2560);
const rounds = Number(process.argv[4] ?? 5);
const MiB = 1024 * 1024;

const work = mkdtempSync(join(tmpdir(), "jcstar-bench-package-"));
const dataDir = join(work, "data");
const plain = join(work, "files");
mkdirSync(plain);

/** Account, product, 200 uploaded files linked to criteria, a ready assessment, the form and a sign-off. */
async function prepare(): Promise<{ token: string; productId: string }> {
  const config = loadConfig({ ...process.env, DATABASE_URL: "" }, { dataDir });
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    const now = () => new Date();
    const deps = {
      db: handle.db,
      catalog: loadCatalog(),
      now,
      blobs: { root: dataDir },
      maxUploadBytes: 1024 ** 3,
    };
    const org = await createOrganisation(handle.db, "ベンチ株式会社", now());
    const user = await createUser(
      handle.db,
      {
        email: "bench@example.jp",
        name: "Bench",
        password: randomBytes(24).toString("base64url"),
        instanceRole: "none",
        orgId: org.id,
        role: "owner",
      },
      now(),
    );
    const ctx = { orgId: org.id, actor: { id: user.id, name: "Bench" }, lang: "ja" as const };
    const product = await createProduct(deps, ctx, {
      name: "ベンチ製品",
      category: "camera",
      modelNumbers: ["BENCH-1"],
    });
    const assessment = await createAssessment(deps, ctx, product.id);
    const doc = await createEvidence(deps, ctx, {
      type: "document",
      documentName: "設計書",
      documentNumber: "D-1",
      location: "第1章",
    });
    const rec = await createEvidence(deps, ctx, {
      type: "device_test",
      recordName: "run.json",
      resultSummary: "PASS",
      testedOn: "2026-11-26",
      tester: "Bench",
    });
    const criteria = deps.catalog.latest(1).criteria;
    for (const c of criteria) {
      const evidenceIds =
        c.method === "document" ? [doc.id] : c.method === "device" ? [rec.id] : [doc.id, rec.id];
      const body =
        c.id === "S1.1-15"
          ? { state: "not_applicable", naReason: "保持しない", version: 1 }
          : { state: "conformant", version: 1, linkEvidenceIds: evidenceIds };
      await setCriterionResult(deps, ctx, assessment.id, c.id, body);
    }
    const chunk = Buffer.alloc(fileKiB * 1024);
    for (let i = 0; i < files; i++) {
      randomFillSync(chunk);
      const name = `evidence-${String(i).padStart(3, "0")}.bin`;
      writeFileSync(join(plain, name), chunk);
      const criterion = criteria[i % criteria.length]?.id as string;
      await uploadEvidence(
        deps,
        ctx,
        { kind: "other", fileName: name, productId: product.id, criterion: [criterion], summary: "bench" },
        Readable.from([chunk]),
      );
    }
    const form = await getApplicationForm(deps, ctx, product.id);
    await saveApplicationForm(deps, ctx, product.id, {
      version: form.version,
      values: {
        postalCode: "100-0001",
        address: "東京都千代田区千代田1-1",
        representativeTitle: "代表取締役",
        representativeName: "山田 太郎",
        contactDepartment: "品質保証部",
        contactName: "佐藤 花子",
        contactEmail: "security@example.jp",
        contactPhone: "03-1234-5678",
      },
      confirmations: Object.fromEntries(form.confirmations.map((c) => [c.id, true])),
    });
    await signOff(deps, ctx, product.id, { signerName: "山田 太郎", signerTitle: "代表取締役" });
    const token = (await createApiToken(handle.db, user.id, { name: "bench", scope: "write" }, now())).token;
    return { token, productId: product.id };
  } finally {
    await handle.close();
  }
}

type Server = { url: string; pid: number; stop: () => void };
let stopped: Promise<void> = Promise.resolve();

function startServerProcess(): Promise<Server> {
  const cli = join(ROOT, "apps/cli/bin/jcstar.js");
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--data", dataDir], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "", JCSTAR_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  stopped = new Promise((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url && child.pid) resolve({ url, pid: child.pid, stop: () => child.kill("SIGTERM") });
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kib("VmRSS") * 1024, hwm: kib("VmHWM") * 1024 };
}

function build(server: Server, token: string, productId: string) {
  const url = new URL(`/api/products/${productId}/packages`, server.url);
  const started = performance.now();
  return new Promise<{ seconds: number; status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString();
      });
      res.on("end", () =>
        resolve({ seconds: (performance.now() - started) / 1000, status: res.statusCode ?? 0, body }),
      );
    });
    req.on("error", reject);
    req.end("{}");
  });
}

function zipR(round: number): number {
  const out = join(work, `zip-${round}.zip`);
  const started = performance.now();
  execFileSync("zip", ["-r", "-0", "-q", out, "."], { cwd: plain });
  execFileSync("sync", [out]);
  const seconds = (performance.now() - started) / 1000;
  rmSync(out, { force: true });
  return seconds;
}

const { token, productId } = await prepare();
const server = await startServerProcess();
try {
  const idle = memory(server.pid);
  let peakRss = idle.rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, memory(server.pid).rss);
  }, 50);
  // The first build of a fresh server also parses the Japanese font (once per process): timed on its own.
  const first = await build(server, token, productId);
  if (first.status !== 201) throw new Error(`build answered ${first.status}: ${first.body}`);
  const ours: number[] = [];
  const theirs: number[] = [];
  let last = { size: 0, fileCount: 0, zipSha256: "" };
  for (let r = 0; r < rounds; r++) {
    // Alternate who goes first, so that neither always meets a warmer page cache.
    if (r % 2 === 0) theirs.push(zipR(r));
    const sent = await build(server, token, productId);
    if (sent.status !== 201) throw new Error(`build answered ${sent.status}: ${sent.body}`);
    ours.push(sent.seconds);
    last = JSON.parse(sent.body);
    if (r % 2 === 1) theirs.push(zipR(r));
  }
  clearInterval(sampler);
  const after = memory(server.pid);
  peakRss = Math.max(peakRss, after.rss);
  const totalMiB = (files * fileKiB) / 1024;
  const ratio = median(ours) / median(theirs);
  const zipVersion = execFileSync("zip", ["-v"], { encoding: "utf8" }).split("\n")[1]?.trim() ?? "zip";
  const list = (xs: number[]) =>
    `${xs.map((x) => x.toFixed(2)).join(", ")} (median ${median(xs).toFixed(2)})`;
  const lines = [
    `## Application package / 申請パッケージ（${files} evidence files × ${fileKiB} KiB = ${totalMiB.toFixed(0)} MiB）`,
    "",
    "| | |",
    "|---|---|",
    `| commit | ${commitId()} |`,
    `| date / 日時 | ${new Date().toISOString()} |`,
    `| machine / 環境 | ${cpus().length} CPU, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        " ",
      )} at the end / 終了時の負荷 (shared / 共用), Node ${process.version}, ${zipVersion}, data on ${tmpdir()} |`,
    `| jcstar | \`POST /api/products/:id/packages\` to \`node apps/cli/bin/jcstar.js serve --port 0 --data DIR\` (SQLite): signed snapshot, PDF report, forms (JSON/HTML/PDF), ${files} files streamed from the vault and re-hashed, manifest; ZIP written + fsynced to the data folder (\`npx tsx bench/package/run.ts ${files} ${fileKiB} ${rounds}\`) |`,
    `| zip | \`zip -r -0 -q OUT.zip .\` in a folder with the same ${files} files, then \`sync OUT.zip\` (the package stores evidence files, as \`-0\` does) |`,
    `| jcstar s (each round / 各回) | ${list(ours)}; first build of the process (parses the font once) ${first.seconds.toFixed(2)} |`,
    `| zip s (each round / 各回) | ${list(theirs)} |`,
    `| ratio jcstar / zip (median) | **${ratio.toFixed(2)}×** (goal ≤ 1.5× / 目標 1.5 倍以下) ${ratio <= 1.5 ? "met / 達成" : "not met / 未達"} |`,
    `| package / パッケージ | ${(last.size / MiB).toFixed(0)} MiB, ${last.fileCount} files + manifest, SHA-256 ${last.zipSha256.slice(0, 16)}… |`,
    `| server RSS / サーバーのメモリ | idle ${(idle.rss / MiB).toFixed(0)} MiB, peak while building ${(peakRss / MiB).toFixed(0)} MiB (+${((peakRss - idle.rss) / MiB).toFixed(0)} MiB; sampled every 50 ms), VmHWM ${(after.hwm / MiB).toFixed(0)} MiB — streamed, not buffered (${totalMiB.toFixed(0)} MiB of files) |`,
  ];
  writeSection(join(ROOT, "docs/benchmarks.md"), "package", lines.join("\n"));
  console.log(lines.join("\n"));
} finally {
  server.stop();
  await Promise.race([stopped, new Promise((r) => setTimeout(r, 10_000))]);
  rmSync(work, { recursive: true, force: true });
}
